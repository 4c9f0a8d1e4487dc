"""pydantic models of the study data files: shape only, no loading."""
