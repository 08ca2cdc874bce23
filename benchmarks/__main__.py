"""`python -m benchmarks`: the scale benchmark (benchmarks/scale.py)."""

import sys

from benchmarks.scale import main

sys.exit(main())
