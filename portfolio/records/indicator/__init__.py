"""The plan's indicators (专栏2): baseline, target and the values reported year by year."""
