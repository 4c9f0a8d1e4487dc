"""Marker renderers: data and docs -> HTML for a page."""
