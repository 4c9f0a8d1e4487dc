"""LMS exports (Moodle XML, GIFT, IMS QTI 2.1) from the validated quizzes: models -> bytes.

Plain Python on top of the quiz loader; no MkDocs import, so a teacher can run
``PYTHONPATH=hooks python -m studykit export --format moodle --out DIR quizzes/``.
"""

from .build import ExportFile, data_fingerprint, export_files, export_list, exports_of, load_export_quizzes, write_export_files, write_exports

__all__ = ["ExportFile", "data_fingerprint", "export_files", "export_list", "exports_of", "load_export_quizzes", "write_export_files",
           "write_exports"]
