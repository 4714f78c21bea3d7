import Foundation
import OktaClient
import Synchronization

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
package struct Observer: Sendable {
    package let client: OktaClient
    package let desired: DesiredConfiguration
    /// Okta allows 75 concurrent requests (35 on the free plan); stay well inside it.
    package var maxConcurrentReads = OktaClient.maxConcurrentRequests
    /// An app id naming an app that is not a Dialpad app is refused (`AppLookupError.notDialpadApp`)
    /// unless this is set: by rollback, whose journal's app is checked by the journal's own rule,
    /// and by read-only commands, which say so (`notDialpad(_:)`) and go on reading.
    package var acceptsAnyApp = false

    package init(client: OktaClient, desired: DesiredConfiguration = DesiredConfiguration()) {
        self.client = client
        self.desired = desired
    }

    /// `requestedTypes`: custom user types whose schema and mapping are read too (`--user-type`,
    /// R30); none asked for, no request more.
    ///
    /// Each read starts the moment what it needs has arrived, not when its whole wave has: a
    /// large answer (a schema of a thousand attributes, 500 app users, 200 apps) is decoded
    /// while the next requests are already on their way.
    ///
    /// `early`: where the other sources are counted from the whole app list (a chain of pages on
    /// a large org), it is given the org as known after the floor's three waves, with
    /// `appSourceCount == .reading`, before the list ends.
    package func observe(appId: String? = nil, userTypes requestedTypes: [String] = [],
                        early: (@Sendable (Observation) async -> Void)? = nil) async throws -> Observation {
        let reads = ReadGroup()
        do {
            return try await observe(appId: appId, userTypes: requestedTypes, early: early, reads: reads)
        } catch {
            // As a structured scope would: no read of this observation outlives it.
            await reads.cancelAndWait()
            throw error
        }
    }

    private func observe(appId: String?, userTypes requestedTypes: [String], early: (@Sendable (Observation) async -> Void)?,
                         reads: ReadGroup) async throws -> Observation {
        // Wave 1
        let appRead = reads.start { try await findApp(appId: appId) }
        let typesRead = reads.start { try await client.userTypes() }
        // The next wave waits on the app and the user types only: the large answers are decoded
        // behind them, never ahead of them on the pool's threads.
        let userSchemaRead = reads.start(priority: .utility) { try await client.defaultUserSchema() }
        let appsFirstRead = reads.start { try await client.fetchAppsFirstPage() }
        let appsFirstDecoded = reads.start(priority: .utility) { try await appsFirstRead.value.decoded() }
        let providersRead = reads.start { try await identityProviders() }
        Warmup.decoding()

        // Failures are said in the order the reads were started: the app's first.
        let found = try await appRead.value
        let userTypes = try await typesRead.value
        guard let userType = userTypes.first(where: { $0.default == true }) ?? userTypes.first else {
            throw OktaError(code: .decoding, method: "GET", path: "/api/v1/meta/types/user", problem: .noUserTypes)
        }
        guard let app = found else {
            var observation = Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: nil, userType: userType,
                                          userSchema: try await userSchemaRead.value, appSchema: nil, inboundMapping: nil, otherProfileSources: [], userSample: nil,
                                          desired: desired)
            observation.userTypes = userTypes
            observation.userTypeProfiles = try await typeProfiles(requestedTypes, listed: userTypes, defaultType: userType, app: nil)
            // The reads nothing needs end with the run's other reads, so a run leaves no request behind.
            _ = try await (appsFirstDecoded.value, providersRead.value)
            return try await observeResources(into: observation)
        }
        // An unknown type is refused before any further read.
        let profilesRead = reads.start { try await typeProfiles(requestedTypes, listed: userTypes, defaultType: userType, app: app) }

        // Wave 2: when the app list has more pages, our mapping is asked for by its source, since
        // it may not be on the first page of the mappings.
        let appSchemaRead = reads.start { try await client.appUserSchema(appId: app.id) }
        let inboundRead = reads.start { try await client.mappingsFirstPage(targetId: userType.id) }
        let sampleRead = reads.start { try await client.appUsersFirstPage(appId: app.id) }
        let moreApps = try await appsFirstRead.value.next != nil

        // Wave 3
        let mappingRead = reads.start {
            if moreApps {
                let ours = try await client.mapping(sourceId: app.id, targetId: userType.id)
                return try await ourMapping(app: app.id, userType: userType.id, found: ours.map { [$0] } ?? [], complete: true)
            }
            let inbound = try await inboundRead.value
            return try await ourMapping(app: app.id, userType: userType.id, found: inbound.items, complete: inbound.next == nil)
        }
        let countRead = reads.start {
            try await sourcingApps(appsFirst: appsFirstDecoded.value, inbound: inboundRead.value, providers: providersRead.value, dialpad: app.id)
        }

        let providers = try await providersRead.value
        var observation = Observation(org: client.org.description, isPreviewOrg: client.org.isPreview, app: app, userType: userType,
                                      userSchema: try await userSchemaRead.value, appSchema: try await appSchemaRead.value,
                                      inboundMapping: try await mappingRead.value, otherProfileSources: [],
                                      uncountedSources: providers == nil ? [.identityProvider] : [],
                                      userSample: summarize(try await sampleRead.value, defaultType: userType.id), desired: desired)
        observation.userTypes = userTypes
        observation.userTypeProfiles = try await profilesRead.value
        let sourcingProviders = (providers ?? []).filter(\.isProfileSource).map(ProfileSource.init)
        if let early, moreApps, try await inboundRead.value.next != nil {
            var picture = observation
            picture.otherProfileSources = sourcingProviders.sorted { $0.id < $1.id }
            picture.appSourceCount = .reading
            await early(picture)
        }
        let (apps, count) = try await countRead.value
        observation.otherProfileSources = (apps.map(ProfileSource.init) + sourcingProviders).sorted { $0.id < $1.id }
        observation.appSourceCount = count
        return try await observeResources(into: observation)
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
                      providers: [IdentityProvider]?, dialpad: String) async throws -> ([OktaApp], Observation.AppSourceCount) {
        let apps: [OktaApp]
        let count: Observation.AppSourceCount
        if appsFirst.next == nil {
            (apps, count) = (appsFirst.items, .firstPage)
        } else if inbound.next != nil {
            let list = try await client.rest(of: appsFirst)
            apps = list.items
            count = .appList(apps: list.items.count, pages: list.pages)
        } else {
            let providerIds = Set((providers ?? []).map(\.id))
            let mapped = Set(inbound.items.filter { ($0.source.type ?? "appuser") == "appuser" }.map(\.source.id))
                .subtracting(providerIds).subtracting([dialpad])
            apps = try await mappedApps(mapped.sorted())
            count = .mappedApps(mapped.count)
        }
        return (apps.filter { $0.id != dialpad && $0.isProfileSource }, count)
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
            let app: OktaApp
            do { app = try await client.app(id: appId) } catch let error as OktaError where error.httpStatus == 404 {
                throw AppLookupError(.noAppWithId(appId: appId))
            }
            // A mistyped id of another app (Slack) would get Dialpad's attribute and mapping.
            if !acceptsAnyApp, let refusal = try await notDialpad(app) { throw refusal }
            return app
        }
        let found = try await client.searchApps(q: desired.appLabel)
        let candidates = found.filter(desired.looksLikeDialpad)
        if candidates.count > 1 {
            throw AppLookupError(.severalDialpadApps(candidates: candidates))
        }
        return candidates.first
    }

    /// Why `app` is not the app to set up, with the apps that look like Dialpad to offer
    /// instead; nil when it is a Dialpad app (the same test the search and the chooser use).
    package func notDialpad(_ app: OktaApp?) async throws -> AppLookupError? {
        guard let app, !desired.looksLikeDialpad(app) else { return nil }
        let found = try await client.searchApps(q: desired.appLabel)
        return AppLookupError(.notDialpadApp(app: app, candidates: found.filter(desired.looksLikeDialpad)))
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

/// Reads started at once and awaited by whatever needs them; when the observation fails,
/// those still running are cancelled and waited for.
final class ReadGroup: Sendable {
    private struct Started: Sendable {
        var cancel: @Sendable () -> Void
        var wait: @Sendable () async -> Void
    }
    private let started = Mutex<[Started]>([])

    func start<T: Sendable>(priority: TaskPriority? = nil, _ read: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        let task = Task(priority: priority) { try await read() }
        started.withLock { $0.append(Started(cancel: { task.cancel() }, wait: { _ = try? await task.value })) }
        return task
    }

    func cancelAndWait() async {
        let all = started.withLock { $0 }
        for read in all { read.cancel() }
        for read in all { await read.wait() }
    }
}
