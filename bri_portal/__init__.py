import os

# openpyxl parses workbooks with lxml when lxml is installed (citeproc-py brings it), and lxml's parser
# expands XML entities: defusedxml guards only the standard library's parser. Read every workbook through
# defusedxml (core.imports.readers refuses to start otherwise). Set before anything imports openpyxl.
os.environ["OPENPYXL_LXML"] = "False"
