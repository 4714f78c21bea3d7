import Foundation

/// listProfileMappings with a filter, read so that it is right whether Okta's next links keep
/// the filter or drop it (docs/REAL-ORGS.md R29: every recorded self link drops
/// `sourceId`/`targetId`; next links are not recorded). Every item is checked against the
/// filter, so a page of other mappings adds nothing, and a lookup stops at its first match, so
/// an unfiltered next link never pages through the org's every mapping.
extension OktaClient {
    /// The mapping from `sourceId` into `targetId`, or nil: Okta keeps at most one per pair.
    package func mapping(sourceId: String, targetId: String) async throws -> ProfileMapping? {
        var trail = PageTrail()
        var page = try await self.page(ProfileMapping.self, url: url("/api/v1/mappings", query: [
            ("sourceId", sourceId), ("targetId", targetId), ("limit", "200"),
        ]))
        while true {
            if let match = page.items.first(where: { Self.matches($0, sourceId: sourceId, targetId: targetId) }) { return match }
            guard let next = page.next else { return nil }
            try trail.follow(next)
            page = try await self.page(ProfileMapping.self, url: next)
        }
    }

    /// Whether a listed mapping is one a filter asked for.
    static func matches(_ mapping: ProfileMapping, sourceId: String?, targetId: String?) -> Bool {
        (sourceId.map { mapping.source.id == $0 } ?? true) && (targetId.map { mapping.target.id == $0 } ?? true)
    }
}
