"""Code kept as its authors wrote it. `score.py` is the team's official scorer
(`shared/eval/score.py` beside this repository, copied unchanged so nothing reads outside the
repository at run time); refresh it with a plain copy when the official one changes."""
