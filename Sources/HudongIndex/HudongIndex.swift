// HudongIndex: see issues.
