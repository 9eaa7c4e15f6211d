"""Reference solutions: the one place where each exercise's correct behaviour is written down.

The grader runs these in its own process, on the same weights and inputs it gives the student's code, and
compares. Each module holds one chapter's exercises, written as the worked solution a student would read.
"""
