"""Writing class-grading scores into nbgrader's own gradebook, so formgrader shows them."""

from __future__ import annotations


def write_scores(records: list[dict], db_url: str) -> list[str]:
    """Sets each graded cell's auto score (`<exercise>_checks`) from the records; returns warnings.

    The assignments must already be in the gradebook (`nbgrader generate_assignment` puts them there).
    """
    from nbgrader.api import Gradebook, MissingEntry

    warnings = []
    with Gradebook(db_url) as gradebook:
        known = {a.name for a in gradebook.assignments}
        for record in records:
            if record["assignment"] not in known:
                warnings.append(
                    f"{record['assignment']} is not in the gradebook: run nbgrader generate_assignment"
                )
                continue
            gradebook.update_or_create_student(record["student"])
            try:
                submission = gradebook.find_submission(record["assignment"], record["student"])
            except MissingEntry:
                submission = gradebook.add_submission(record["assignment"], record["student"])
            scores = {f"{e['id']}_checks": e["score"] for e in record["report"]["exercises"]}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.name in scores:
                        grade.auto_score = scores[grade.name]
        gradebook.db.commit()  # once: a commit per submission would sync the database to disk every time
    return sorted(set(warnings))
