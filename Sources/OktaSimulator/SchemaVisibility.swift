import Foundation

/// A schema as reads show it while a write to it is still invisible.
struct ShownSchema: Sendable {
    var base: [String: JSON]
    var custom: [String: JSON]
    var lastUpdated: String
    var until: ContinuousClock.Instant
}

/// Okta's eventual consistency on schemas (docs/REAL-ORGS.md R5, R6): a write is acknowledged at
/// once and shows in reads only `consistencyDelay` later; a write that arrives meanwhile is
/// built on what reads show, so the earlier, acknowledged write is lost.
extension OrgStore {
    func setConsistencyDelay(_ delay: Duration) { consistencyDelay = delay }

    func userSchemaAsShown() -> JSON {
        guard let shown = shownUserSchema, ContinuousClock.now < shown.until else { return userSchemaJSON() }
        let latest = (userSchemaBase, userSchemaCustom, userSchemaLastUpdated)
        (userSchemaBase, userSchemaCustom, userSchemaLastUpdated) = (shown.base, shown.custom, shown.lastUpdated)
        defer { (userSchemaBase, userSchemaCustom, userSchemaLastUpdated) = latest }
        return userSchemaJSON()
    }

    func appAsShown(_ app: AppRecord) -> AppRecord {
        guard let shown = shownAppSchemas[app.id], ContinuousClock.now < shown.until else { return app }
        var app = app
        app.schemaBase = shown.base
        app.schemaCustom = shown.custom
        app.schemaLastUpdated = shown.lastUpdated
        return app
    }

    /// Before a write to the user schema: rebuild it from what reads show (losing a write
    /// still in flight), and keep showing that until the delay has passed.
    func beginUserSchemaWrite() {
        guard consistencyDelay > .zero else { return }
        let now = ContinuousClock.now
        if let shown = shownUserSchema, now < shown.until {
            (userSchemaBase, userSchemaCustom, userSchemaLastUpdated) = (shown.base, shown.custom, shown.lastUpdated)
        }
        shownUserSchema = ShownSchema(base: userSchemaBase, custom: userSchemaCustom, lastUpdated: userSchemaLastUpdated,
                                      until: now + consistencyDelay)
    }

    func beginAppSchemaWrite(_ app: AppRecord) {
        guard consistencyDelay > .zero else { return }
        let now = ContinuousClock.now
        if let shown = shownAppSchemas[app.id], now < shown.until {
            apps[app.id]?.schemaBase = shown.base
            apps[app.id]?.schemaCustom = shown.custom
            apps[app.id]?.schemaLastUpdated = shown.lastUpdated
        }
        let current = apps[app.id] ?? app
        shownAppSchemas[app.id] = ShownSchema(base: current.schemaBase, custom: current.schemaCustom,
                                              lastUpdated: current.schemaLastUpdated, until: now + consistencyDelay)
    }
}
