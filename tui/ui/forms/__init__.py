"""The modal forms of Duty Desk: one form per module, the shared frame in `base`."""
