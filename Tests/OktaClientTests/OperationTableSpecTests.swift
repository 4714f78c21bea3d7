import Foundation
import OktaSpec
import Testing
import Yams

/// docs/REAL-ORGS.md R28: the generated table (Sources/OktaSpec/OktaOperations.generated.swift)
/// says exactly what the vendored spec says of each operation, so the role and scope tables
/// built on it are the spec's. Fails when the spec or the table is edited without re-running
/// scripts/gen-operation-table.py.
@Suite struct OperationTableSpecTests {
    struct SpecOperation: Equatable {
        var method: String, path: String, adminRoles: [String]?, permissions: [String]?, scopes: [String]
    }

    static func specOperations() throws -> [String: SpecOperation] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/okta-openapi/management-oneOfInheritance.yaml")
        let root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8), Resolver.default.removing(.timestamp)) as? [String: Any])
        var found: [String: SpecOperation] = [:]
        for (path, item) in try #require(root["paths"] as? [String: Any]) {
            for (method, operation) in item as? [String: Any] ?? [:] {
                guard let operation = operation as? [String: Any], let id = operation["operationId"] as? String else { continue }
                let security = operation["security"] as? [[String: Any]] ?? []
                found[id] = SpecOperation(method: method.uppercased(), path: path,
                                          adminRoles: operation["x-okta-iam-admin-roles"] as? [String],
                                          permissions: operation["x-okta-iam-permissions"] as? [String],
                                          scopes: security.flatMap { $0["oauth2"] as? [String] ?? [] })
            }
        }
        return found
    }

    @Test func theGeneratedTableIsTheSpecs() throws {
        let spec = try Self.specOperations()
        #expect(OktaOperations.all.count >= 19)
        for operation in OktaOperations.all {
            let fromSpec = try #require(spec[operation.id], "\(operation.id) is in the spec")
            #expect(SpecOperation(method: operation.method, path: operation.path, adminRoles: operation.adminRoles,
                                  permissions: operation.permissions, scopes: operation.scopes) == fromSpec, "\(operation.id)")
        }
        // The reading of the spec: the user schema POST takes these three, in this order.
        #expect(OktaOperations.named("updateUserProfile")?.adminRoles == ["API_ACCESS_MANAGEMENT_ADMIN", "ORG_ADMIN", "APP_ADMIN"])
    }

    @Test func aRequestFindsItsOperation() {
        #expect(OktaOperations.operation(method: "POST", path: "/api/v1/meta/schemas/user/default")?.id == "updateUserProfile")
        #expect(OktaOperations.operation(method: "GET", path: "/api/v1/meta/schemas/user/default")?.id == "getUserSchema")
        #expect(OktaOperations.operation(method: "GET", path: "/api/v1/users/me")?.id == "getUser")
        #expect(OktaOperations.operation(method: "GET", path: "/api/v1/users/00u1/roles")?.id == "listAssignedRolesForUser")
        #expect(OktaOperations.operation(method: "GET", path: "/api/v1/mappings?sourceId=0oa1")?.id == "listProfileMappings")
        #expect(OktaOperations.operation(method: "DELETE", path: "/api/v1/mappings/prm1") == nil)
        #expect(OktaOperations.operation(method: "GET", path: "/api/v1/groups") == nil)
    }
}
