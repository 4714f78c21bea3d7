import Foundation

/// The Okta endpoints dialpad-okta uses, one method each (operationIds from Okta's spec).
extension OktaClient {
    /// listApplications: `q` matches the start of a name or label.
    package func searchApps(q: String, limit: Int = 200) async throws -> [OktaApp] {
        try await all(OktaApp.self, "/api/v1/apps", query: [("q", q), ("limit", String(limit))]).items
    }

    /// listApplications, the first page of 200: each app carries its `features`, so one
    /// request per 200 apps tells which apps source Okta users (`rest(of:)` reads the others).
    package func appsFirstPage() async throws -> Page<OktaApp> {
        try await fetchAppsFirstPage().decoded()
    }

    /// The first page of the app list as it arrived: its next link at once, its 200 apps decoded apart.
    package func fetchAppsFirstPage() async throws -> FetchedPage<OktaApp> {
        try await fetchPage(OktaApp.self, url: url("/api/v1/apps", query: [("limit", "200")]))
    }

    /// listProfileMappings, the first page of 200, with only the mappings into `targetId` (R29).
    package func mappingsFirstPage(targetId: String) async throws -> Page<ProfileMapping> {
        var first = try await page(ProfileMapping.self, url: url("/api/v1/mappings", query: [("targetId", targetId), ("limit", "200")]))
        first.items = first.items.filter { Self.matches($0, sourceId: nil, targetId: targetId) }
        return first
    }

    /// listIdentityProviders, every page (scope `okta.idps.read`).
    package func identityProviders() async throws -> [IdentityProvider] {
        try await all(IdentityProvider.self, "/api/v1/idps", query: [("limit", "200")]).items
    }

    /// getApplication
    package func app(id: String) async throws -> OktaApp {
        try await get(OktaApp.self, "/api/v1/apps/\(Self.pathSegment(id))")
    }

    /// listUserTypes: the default type and any custom ones (an org has up to 10).
    package func userTypes() async throws -> [UserType] {
        try await get([UserType].self, "/api/v1/meta/types/user")
    }

    /// getUserType with `default`
    package func defaultUserType() async throws -> UserType {
        try await get(UserType.self, "/api/v1/meta/types/user/default")
    }

    /// getUserSchema for the default user type
    package func defaultUserSchema() async throws -> UserSchema {
        try await get(UserSchema.self, "/api/v1/meta/schemas/user/default")
    }

    /// getApplicationUserSchema
    package func appUserSchema(appId: String) async throws -> UserSchema {
        try await get(UserSchema.self, "/api/v1/meta/schemas/apps/\(Self.pathSegment(appId))/default")
    }

    /// listProfileMappings, every page.
    package func mappings(sourceId: String? = nil, targetId: String? = nil) async throws -> [ProfileMapping] {
        var query: [(String, String)] = []
        if let sourceId { query.append(("sourceId", sourceId)) }
        if let targetId { query.append(("targetId", targetId)) }
        query.append(("limit", "200"))
        // A next link may drop the filter (R29): what the filter did not ask for is not kept.
        return try await all(ProfileMapping.self, "/api/v1/mappings", query: query).items.filter { Self.matches($0, sourceId: sourceId, targetId: targetId) }
    }

    /// getProfileMapping
    package func mapping(id: String) async throws -> ProfileMapping {
        try await get(ProfileMapping.self, "/api/v1/mappings/\(Self.pathSegment(id))")
    }

    /// listApplicationUsers with the users embedded: the first page only, and whether more exist.
    package func appUsersFirstPage(appId: String, limit: Int = 500) async throws -> Page<AppUser> {
        try await page(AppUser.self, url: url("/api/v1/apps/\(Self.pathSegment(appId))/users",
                                              query: [("limit", String(limit)), ("expand", "user")]))
    }

    /// getUser, by id or login (a login is escaped as one path segment).
    package func user(_ idOrLogin: String) async throws -> OktaUser {
        try await get(OktaUser.self, "/api/v1/users/\(Self.pathSegment(idOrLogin))")
    }

    /// getApplicationUser, or nil when the user is not assigned to the app (404).
    package func appUser(appId: String, userId: String) async throws -> AppUser? {
        do {
            return try await get(AppUser.self, "/api/v1/apps/\(Self.pathSegment(appId))/users/\(Self.pathSegment(userId))")
        } catch let error as OktaError where error.httpStatus == 404 {
            return nil
        }
    }

    /// Ids come from the admin (`--app-id`) or from Okta: never let one change the path.
    package static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }
}
