"""The record kinds beside the key projects (``portfolio.models``): the plan's indicators
(``indicator``) and the annual key tasks (``task``). One model per kind."""
