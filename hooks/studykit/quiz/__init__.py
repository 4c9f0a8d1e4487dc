"""Bilingual quizzes: models, loading/validation, answer normalisation and rendering.

Command line (from the project root)::

    PYTHONPATH=hooks .venv/bin/python -m studykit.quiz check [quizzes]
    PYTHONPATH=hooks .venv/bin/python -m studykit.quiz schema   # rewrite quizzes/schema/quiz.schema.json
"""

from .loading import LoadedQuiz, QuizSet, check_glossary_refs, load_quizzes
from .normalize import normalize

__all__ = ["LoadedQuiz", "QuizSet", "check_glossary_refs", "load_quizzes", "normalize"]
