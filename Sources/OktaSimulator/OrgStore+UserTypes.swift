import Foundation

/// User types: `GET /api/v1/meta/types/user` and `/api/v1/meta/types/user/{id}`, the default
/// type and the seed's custom ones.
extension OrgStore {
    func listUserTypes() -> APIResult { APIResult(body: .array([userTypeJSON()] + customUserTypes.map(customUserTypeJSON))) }

    func getUserType(_ id: String) throws -> APIResult {
        if let custom = customUserTypes.first(where: { $0.id == id }) { return APIResult(body: customUserTypeJSON(custom)) }
        guard id == "default" || id == IDs.userTypeId else { throw APIError.notFound("\(id) (UserType)") }
        return APIResult(body: userTypeJSON())
    }

    /// A custom user type: its own schema and mappings (docs/REAL-ORGS.md R7); the simulator serves
    /// the type and which users have it.
    func customUserTypeJSON(_ type: UserTypeRecord) -> JSON {
        let schemaId = IDs.make("osc", "userschema:" + type.id)
        return [
            "id": .string(type.id), "name": .string(type.name), "displayName": .string(type.displayName),
            "description": .string(type.displayName), "default": false,
            "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(type.id)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(schemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }

    func userTypeJSON() -> JSON {
        return [
            "id": .string(IDs.userTypeId), "name": "user", "displayName": "User",
            "description": "Okta user profile template with default permission settings",
            "default": true, "created": .string(SeedConstants.seedTime), "lastUpdated": .string(SeedConstants.seedTime),
            "createdBy": "00u1admin000000000001", "lastUpdatedBy": "00u1admin000000000001",
            "_links": [
                "self": ["href": .string("\(baseURL)/api/v1/meta/types/user/\(IDs.userTypeId)"), "method": "GET", "rel": "self"],
                "schema": ["href": .string("\(baseURL)/api/v1/meta/schemas/user/\(IDs.userSchemaId)"), "method": "GET", "rel": "schema"],
            ],
        ]
    }
}
