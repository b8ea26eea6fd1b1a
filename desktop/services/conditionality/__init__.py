"""Condizionalità (art. 21 D.Lgs. 150/2015): an absence at a convocation opens a
justification window; an unjustified one becomes a sanction proposal by the Patto's
table, printed as a letter and sent to the region (which notifies INPS)."""
