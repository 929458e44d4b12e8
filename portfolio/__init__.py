"""portfolio: key projects of a five-year ecological environment plan (core, no UI)."""

__version__ = "0.1.0"
