import Foundation
import OktaClient

/// Reads the org in the fewest dependent waves the API allows.
///
/// The floor: the mapping's properties need the mapping id (listProfileMappings), which
/// needs the app id and the user type id, which need a first read. So three waves:
/// 1. the app (search by label, or by `--app-id`), the default user type, the user schema,
///    the first page of the org's apps (200, each with its `features`) and its identity
///    providers;
/// 2. the app user schema, the first page of the mappings into Okta users, and a page of
///    app users with their Okta users (their numbers, and their user types: users of
///    another type never get the number, which an admin should know before setting up);
/// 3. our mapping's properties, and whatever the profile-source count still needs.
///
/// The count takes the cheaper read for the org at hand. On real orgs every app maps into
/// Okta users (docs/REAL-ORGS.md R2), so a read per mapped app costs a request per app where the
/// app list costs one per 200: the list wins once there are more than 200 mappings. Where
/// few apps map but there are many apps (more than one page of each), reading the mapped
/// apps costs one concurrent wave instead of a chain of pages. A mapping source may be an
/// identity provider, which `GET /api/v1/apps/{id}` does not know (R1): identity providers
/// are counted from their own list, and a source neither list knows is not read as an app.
public struct Observer: Sendable {
    public let client: OktaClient
    public let desired: DesiredConfiguration
    /// Okta allows 75 concurrent requests (35 on the free plan); stay well inside it.
    public var maxConcurrentReads = OktaClient.maxConcurrentRequests

    public init(client: OktaClient, desired: DesiredConfiguration = DesiredConfiguration()) {
        self.client = client
        self.desired = desired
    }

    /// `requestedTypes`: custom user types whose schema and mapping are read too (`--user-type`,
    /// R30); none asked for, no request more.
    public func observe(appId: String? = nil, userTypes requestedTypes: [String] = []) async throws -> Observation {
        // Wave 1
        async let appLookup = findApp(appId: appId)
        async let userTypesRead = client.userTypes()
        async let userSchemaRead = client.defaultUserSchema()
        async let appsRead = client.appsFirstPage()
        async let providersRead = identityProviders()
        let (app, userTypes, userSchema, appsFirst, providers) = try await (appLookup, userTypesRead, userSchemaRead, appsRead, providersRead)
        guard let userType = userTypes.first(where: { $0.default == true }) ?? userTypes.first else {
            throw OktaError(code: .decoding, message: "Okta listed no user type at GET /api/v1/meta/types/user.", method: "GET", path: "/api/v1/meta/types/user", problem: .noUserTypes)
        }

        guard let app else {
            var observation = Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: nil, userType: userType,
                                          userSchema: userSchema, appSchema: nil, inboundMapping: nil, otherProfileSources: [], userSample: nil)
            observation.userTypes = userTypes
            observation.userTypeProfiles = try await typeProfiles(requestedTypes, listed: userTypes, defaultType: userType, app: nil)
            return observation
        }
        // An unknown type is refused before any further read.
        async let profilesRead = typeProfiles(requestedTypes, listed: userTypes, defaultType: userType, app: app)

        // Wave 2: when the app list has more pages, our mapping is asked for by its source, since
        // it may not be on the first page of the mappings.
        async let appSchemaRead = client.appUserSchema(appId: app.id)
        async let inboundRead = client.mappingsFirstPage(targetId: userType.id)
        async let oursRead: ProfileMapping?? = appsFirst.next == nil ? nil : .some(client.mapping(sourceId: app.id, targetId: userType.id))
        async let sampleRead = client.appUsersFirstPage(appId: app.id)
        let (appSchema, inbound, oursBySource, sample) = try await (appSchemaRead, inboundRead, oursRead, sampleRead)

        // Wave 3
        async let mappingRead = ourMapping(app: app.id, userType: userType.id, found: oursBySource.map { $0.map { [$0] } ?? [] } ?? inbound.items,
                                           complete: oursBySource != nil || inbound.next == nil)
        async let appsSourcing = sourcingApps(appsFirst: appsFirst, inbound: inbound, providers: providers, dialpad: app.id)
        let (mapping, apps, profiles) = try await (mappingRead, appsSourcing, profilesRead)

        let others = apps.map(ProfileSource.init) + (providers ?? []).filter(\.isProfileSource).map(ProfileSource.init)
        var observation = Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: app, userType: userType,
                                      userSchema: userSchema, appSchema: appSchema, inboundMapping: mapping,
                                      otherProfileSources: others.sorted { $0.id < $1.id },
                                      uncountedSources: providers == nil ? [.identityProvider] : [],
                                      userSample: summarize(sample, defaultType: userType.id))
        observation.userTypes = userTypes
        observation.userTypeProfiles = profiles
        return observation
    }

    /// Our mapping with its properties; asked for by its source first in the rare org whose
    /// mappings fill more than a page while its apps fit in one.
    func ourMapping(app: String, userType: String, found: [ProfileMapping], complete: Bool) async throws -> ProfileMapping? {
        var ours = found.first { $0.source.id == app && $0.target.id == userType }
        if ours == nil && !complete { ours = try await client.mapping(sourceId: app, targetId: userType) }
        guard let ours else { return nil }
        return try await client.mapping(id: ours.id)
    }

    /// Every identity provider, or nil when the credential may not read them (403: the
    /// admin's role, or a service app without `okta.idps.read`); the count then says so.
    func identityProviders() async throws -> [IdentityProvider]? {
        do { return try await client.identityProviders() } catch let error as OktaError where error.httpStatus == 403 {
            return nil
        }
    }

    /// The apps other than Dialpad that source Okta users, by the cheaper of two reads.
    func sourcingApps(appsFirst: OktaClient.Page<OktaApp>, inbound: OktaClient.Page<ProfileMapping>,
                      providers: [IdentityProvider]?, dialpad: String) async throws -> [OktaApp] {
        let apps: [OktaApp]
        if appsFirst.next == nil || inbound.next != nil {
            apps = try await client.rest(of: appsFirst).items
        } else {
            let providerIds = Set((providers ?? []).map(\.id))
            let mapped = Set(inbound.items.filter { ($0.source.type ?? "appuser") == "appuser" }.map(\.source.id))
                .subtracting(providerIds).subtracting([dialpad])
            apps = try await mappedApps(mapped.sorted())
        }
        return apps.filter { $0.id != dialpad && $0.isProfileSource }
    }

    /// Reads each mapping source as an app, at most `maxConcurrentReads` at once. A source
    /// `GET /api/v1/apps/{id}` does not know is an identity provider (or a built-in app Okta
    /// no longer returns, R13): not an app, so not counted here.
    func mappedApps(_ ids: [String]) async throws -> [OktaApp] {
        try await withThrowingTaskGroup(of: OktaApp?.self) { group in
            var pending = ids[...]
            var apps: [OktaApp] = []
            func read(_ id: String) async throws -> OktaApp? {
                do { return try await client.app(id: id) } catch let error as OktaError where error.httpStatus == 404 { return nil }
            }
            while let id = pending.popFirst() {
                group.addTask { try await read(id) }
                if ids.count - pending.count >= maxConcurrentReads, let app = try await group.next(), let app { apps.append(app) }
            }
            for try await app in group { if let app { apps.append(app) } }
            return apps
        }
    }

    func findApp(appId: String?) async throws -> OktaApp? {
        if let appId {
            do { return try await client.app(id: appId) } catch let error as OktaError where error.httpStatus == 404 {
                throw AppLookupError(.noAppWithId(appId: appId))
            }
        }
        let found = try await client.searchApps(q: desired.appLabel)
        let candidates = found.filter(desired.looksLikeDialpad)
        if candidates.count > 1 {
            throw AppLookupError(.severalDialpadApps(candidates: candidates))
        }
        return candidates.first
    }

    func summarize(_ page: OktaClient.Page<AppUser>, defaultType: String? = nil) -> Observation.UserSample {
        var withNumber = 0
        var synced = 0
        var otherTypes: [String: Int] = [:]
        var lastSync: Date?
        for user in page.items {
            if let synced = user.lastSync.flatMap(OktaTime.parse), synced > lastSync ?? .distantPast { lastSync = synced }
            if let defaultType, let type = user._embedded?.user?.type?.id, type != defaultType { otherTypes[type, default: 0] += 1 }
            guard let value = user.profile?[desired.attributeName], value != .null, value != .string("") else { continue }
            withNumber += 1
            if user._embedded?.user?.profile?[desired.attributeName] == value { synced += 1 }
        }
        var sample = Observation.UserSample(checked: page.items.count, withNumber: withNumber, synced: synced, truncated: page.next != nil)
        sample.otherTypes = otherTypes
        sample.lastSync = lastSync.map(OktaTime.format)
        return sample
    }
}
