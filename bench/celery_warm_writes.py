"""A candidate worker preload for `python -m bench --celery --celery-config
bench.celery_warm_writes.CELERY_CONFIG`: the project's (`extract.celery_config`), and one
warm-up chunk written too (`bench.warm_writes`), to measure what that saves per parse task. On
2,000 reports it sped the chunk function alone (0.80× to 0.86× the CLI), not the mapped path
(0.50× either way): docs/scaling.md."""
from extract.celery_config import CELERY_CONFIG as PROJECT_CONFIG

CELERY_CONFIG = {**PROJECT_CONFIG, "imports": (*PROJECT_CONFIG["imports"], "bench.warm_writes")}
