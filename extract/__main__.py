import gc
import sys

from extract.cli import main

status = main()
# A run leaves dbt's and GX's millions of objects behind; freezing them spares the
# interpreter a last full collection that takes most of a second at exit.
gc.freeze()
sys.exit(status)
