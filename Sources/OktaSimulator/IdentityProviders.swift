import Foundation

/// `GET /api/v1/idps` and `GET /api/v1/idps/{id}` (SPEC:IdentityProvider, scope `okta.idps.read`).
extension OrgStore {
    func identityProviderJSON(_ record: IdentityProviderRecord) -> JSON {
        let protocolType = record.type == "SAML2" ? "SAML2" : "OIDC"
        return [
            "id": .string(record.id), "type": .string(record.type), "name": .string(record.name), "status": "ACTIVE",
            "issuerMode": "ORG_URL", "created": .string(record.created), "lastUpdated": .string(record.created),
            "protocol": ["type": .string(protocolType)],
            "policy": [
                "provisioning": [
                    "action": "AUTO", "profileMaster": .bool(record.profileMaster),
                    "groups": ["action": "NONE"],
                    "conditions": ["deprovisioned": ["action": "NONE"], "suspended": ["action": "NONE"]],
                ],
                "accountLink": ["action": "AUTO"],
                "subject": ["userNameTemplate": ["template": "idpuser.email"], "matchType": "USERNAME"],
                "maxClockSkew": 0,
            ],
            "_links": [
                "authorize": ["href": .string("\(baseURL)/oauth2/v1/authorize?idp=\(record.id)"), "templated": true],
            ],
        ]
    }

    func listIdentityProviders(_ query: Query) throws -> APIResult {
        let limit = try OrgStore.parseLimit(query["limit"], default: 20, max: 200)
        let prefix = query["q"]?.lowercased()
        let type = query["type"]
        let providers = identityProviders
        let (ids, next) = OrgStore.page(identityProviderIds, after: query["after"], limit: limit) { id in
            guard let record = providers[id] else { return false }
            if let prefix, !prefix.isEmpty, !record.name.lowercased().hasPrefix(prefix) { return false }
            if let type, !type.isEmpty, record.type != type { return false }
            return true
        }
        return APIResult(body: .array(ids.map { identityProviderJSON(providers[$0]!) }), page: .init(nextAfter: next))
    }

    func getIdentityProvider(_ id: String) throws -> APIResult {
        guard let record = identityProviders[id] else { throw APIError.notFound("\(id) (IdentityProvider)") }
        return APIResult(body: identityProviderJSON(record))
    }
}
