/// HudongRouting: see SubscriptionIndex.swift.
