"""Views of the firms' desk: employers and their vacancies."""
