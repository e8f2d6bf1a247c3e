/// HudongTagging: see Taxonomy.swift.
