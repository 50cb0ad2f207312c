"""PDF -> grids of cells (the only package that reads PDFs); ``python -m extract`` is the CLI."""

__version__ = "0.2.0"
