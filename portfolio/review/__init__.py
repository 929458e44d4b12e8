"""The review (schedule states, figures), its reports and the progress dispatch."""
