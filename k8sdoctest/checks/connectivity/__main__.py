"""`python -m k8sdoctest.checks.connectivity PAGE…`"""

import sys

from .cli import main

sys.exit(main())
