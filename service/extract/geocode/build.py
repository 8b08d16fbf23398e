"""`python -m service.extract.geocode.build [PATH]`: (re)build the geocoder's place index; prints its path.

A module of its own, not imported by the package, so that running it does not import it twice.
"""

import sys
from pathlib import Path

from service.extract.geocode import index

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else index.default_path()
    index.write(target, *index.build_rows())
    print(target)
