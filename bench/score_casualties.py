#!/usr/bin/env python3
"""Score casualty-figure extraction against a gold JSONL file (the scorer lives in tests/support).

python bench/score_casualties.py [GOLD.jsonl] [--cmd "python -m service extract -"] [--min-f1 0.9] [-v]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from tests.support.score_casualties import main

if __name__ == "__main__":
    sys.exit(main())
