// HudongListening: see issues.
