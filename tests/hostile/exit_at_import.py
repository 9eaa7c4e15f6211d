"""Calls sys.exit() at import, before defining anything.
expect: called exit()
score: 0
"""

import sys

sys.exit(0)
