"""Excel adapters: reading input workbooks (and, later, writing results).

Nothing in the engine imports this package; openpyxl and XlsxWriter are imported
inside the functions that use them.
"""
