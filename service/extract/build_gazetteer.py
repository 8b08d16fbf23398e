"""`python -m service.extract.build_gazetteer [PATH]`: (re)build the gazetteer's SQLite index.

A module of its own, not imported by the package, so that running it does not import it twice.
Prints the index file's path.
"""

import sys
from pathlib import Path

from service.extract import geodb
from service.extract.gazetteer import build_index, index_rows

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else geodb.default_path()
    geodb.write(target, index_rows(build_index()))
    print(target)
