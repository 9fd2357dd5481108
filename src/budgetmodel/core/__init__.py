"""The pure numerical core: numpy arrays in, numpy arrays out.

Every array carries a leading *draws* axis (a deterministic run is one draw) and
a trailing *year* axis (base year first). Nothing here knows a workbook, a
DataFrame or a figure exists.
"""
