import OktaClient

/// Reads the org in the fewest dependent waves the API allows.
///
/// The floor: the mapping's properties need the mapping id (listProfileMappings), which
/// needs the app id and the user type id, which need a first read. So three waves:
/// 1. the app (search by label, or by `--app-id`), the default user type, the user schema;
/// 2. the app user schema, every app → Okta user mapping (ours and the other profile
///    source candidates, in one list), and a page of app users with their Okta profiles
///    (only when the Okta attribute exists, since otherwise nothing can have been synced);
/// 3. our mapping's properties, and each other candidate app's `features` to count the
///    org's profile sources.
public struct Observer: Sendable {
    public let client: OktaClient
    public let desired: DesiredConfiguration
    /// Okta allows 75 concurrent requests (35 on the free plan); stay well inside it.
    public var maxConcurrentReads = OktaClient.maxConcurrentRequests

    public init(client: OktaClient, desired: DesiredConfiguration = DesiredConfiguration()) {
        self.client = client
        self.desired = desired
    }

    public func observe(appId: String? = nil) async throws -> Observation {
        // Wave 1
        async let appLookup = findApp(appId: appId)
        async let userTypeRead = client.defaultUserType()
        async let userSchemaRead = client.defaultUserSchema()
        let (app, userType, userSchema) = try await (appLookup, userTypeRead, userSchemaRead)

        guard let app else {
            return Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: nil, userType: userType,
                               userSchema: userSchema, appSchema: nil, inboundMapping: nil, otherProfileSources: [], userSample: nil)
        }

        // Wave 2
        let oktaAttributeExists = userSchema.customProperties[desired.attributeName] != nil
        async let appSchemaRead = client.appUserSchema(appId: app.id)
        async let mappingsRead = client.mappings(targetId: userType.id)
        async let sampleRead: OktaClient.Page<AppUser>? = oktaAttributeExists ? client.appUsersFirstPage(appId: app.id) : nil
        let (appSchema, inbound, sample) = try await (appSchemaRead, mappingsRead, sampleRead)

        // Wave 3
        let ours = inbound.first { $0.source.id == app.id }
        let candidateIds = Set(inbound.filter { $0.source.id != app.id && ($0.source.type ?? "appuser") == "appuser" }.map(\.source.id))
        async let mappingRead: ProfileMapping? = ours == nil ? nil : client.mapping(id: ours!.id)
        async let sourcesRead = profileSources(among: candidateIds.sorted())
        let (mapping, others) = try await (mappingRead, sourcesRead)

        return Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: app, userType: userType,
                           userSchema: userSchema, appSchema: appSchema, inboundMapping: mapping,
                           otherProfileSources: others, userSample: sample.map(summarize))
    }

    func findApp(appId: String?) async throws -> OktaApp? {
        if let appId {
            do { return try await client.app(id: appId) } catch let error as OktaError where error.httpStatus == 404 {
                throw AppLookupError(.noAppWithId(appId: appId))
            }
        }
        let found = try await client.searchApps(q: desired.appLabel)
        // `q` also matches names and labels that merely start with the word; keep the Dialpad ones.
        let key = desired.appLabel.lowercased()
        let candidates = found.filter { ($0.label ?? "").lowercased().hasPrefix(key) || ($0.name ?? "").lowercased().hasPrefix(key) }
        if candidates.count > 1 {
            throw AppLookupError(.severalDialpadApps(candidates: candidates))
        }
        return candidates.first
    }

    func profileSources(among ids: [String]) async throws -> [OktaApp] {
        // A sliding window: at most `maxConcurrentReads` in flight, a new read as soon as one ends.
        try await withThrowingTaskGroup(of: OktaApp.self) { group in
            var pending = ids[...]
            var sources: [OktaApp] = []
            while let id = pending.popFirst() {
                group.addTask { try await client.app(id: id) }
                if ids.count - pending.count >= maxConcurrentReads, let app = try await group.next(), app.isProfileSource {
                    sources.append(app)
                }
            }
            for try await app in group where app.isProfileSource { sources.append(app) }
            return sources.sorted { $0.id < $1.id }
        }
    }

    func summarize(_ page: OktaClient.Page<AppUser>) -> Observation.UserSample {
        var withNumber = 0
        var synced = 0
        for user in page.items {
            guard let value = user.profile?[desired.attributeName], value != .null, value != .string("") else { continue }
            withNumber += 1
            if user._embedded?.user?.profile?[desired.attributeName] == value { synced += 1 }
        }
        return Observation.UserSample(checked: page.items.count, withNumber: withNumber, synced: synced, truncated: page.next != nil)
    }
}
