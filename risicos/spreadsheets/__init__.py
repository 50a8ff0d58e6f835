"""Spreadsheets of the risk register that round-trip: export assets, risks and measures as .xlsx or
CSV, edit them in a spreadsheet program, and import them again (docs/adr/0014).

* ``columns``: the three registers' columns — Dutch headers, how a value is written to a cell and
  how a cell is read back;
* ``export``: the export of a (filtered) list;
* ``reading``: a file's bytes to a header and rows, refusing what is not a spreadsheet;
* ``plan``: every row checked with the model's and services' rules, and what it would change;
* ``imports``: upload → preview → confirm, all or nothing, in the background for a big file;
* ``models``: ``Registerimport``, an uploaded file on its way into the register.
"""
