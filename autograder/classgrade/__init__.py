"""`python -m autograder grade`: a whole class, in parallel, safe against hostile or broken submissions.

- `discover`: the submissions in nbgrader's layout, `<student>/<assignment>/<notebook>.ipynb`.
- `run`: grades them with worker processes that imported torch once, skipping what is already graded.
- `options`: what a run was asked for (workers, limits, probes, language).
- `outputs`: CSVs, full JSON, one feedback page per student, the item analysis.
- `gradebook`: writes the scores into an nbgrader gradebook, so formgrader shows them.
"""
