import OktaClient
import SetupEngine
import TerminalUI

/// What the procedure prescribes for a step, what the org has, and the difference, as rows.
struct StepDetail {
    struct Field {
        var name: String
        var wanted: String
        var found: String?
    }

    var fields: [Field]
    /// Extra facts that are not a wanted/found pair (counts, samples).
    var facts: [(String, String)] = []

    static func of(_ step: StepID, observation: Observation?, desired: DesiredConfiguration, strings: Strings) -> StepDetail {
        let name = desired.attributeName
        guard let observation else { return StepDetail(fields: []) }
        let appId = observation.app?.id ?? "<app id>"
        switch step {
        case .oktaAttribute:
            let attribute = observation.userSchema.customProperties[name]
            return StepDetail(fields: [
                Field(name: "type", wanted: desired.type, found: attribute?.type),
                Field(name: "title", wanted: desired.title, found: attribute?.title),
                Field(name: "description", wanted: desired.description, found: attribute?.description),
            ].present(if: attribute != nil))
        case .appAttribute:
            let attribute = observation.appSchema?.customProperties[name]
            return StepDetail(fields: [
                Field(name: "type", wanted: desired.type, found: attribute?.type),
                Field(name: "title", wanted: desired.title, found: attribute?.title),
                Field(name: "externalName", wanted: desired.externalName, found: attribute?.externalName),
                Field(name: "externalNamespace", wanted: desired.externalNamespace, found: attribute?.externalNamespace),
            ].present(if: attribute != nil))
        case .mapping:
            let property = observation.inboundMapping?.properties?[name]
            return StepDetail(fields: [Field(name: name, wanted: desired.mappingExpression, found: property?.expression)])
        case .pushStatus:
            let property = observation.inboundMapping?.properties?[name]
            return StepDetail(fields: [Field(name: "pushStatus", wanted: "PUSH", found: property?.pushStatus)])
        case .sourcePriority:
            let master = observation.userSchema.customProperties[name]?.master
            let priority = master?.priority?.map { "\($0.type ?? "?") \($0.value ?? "?")" }.joined(separator: ", ")
            return StepDetail(fields: [
                Field(name: "master.type", wanted: "OVERRIDE", found: master?.type),
                Field(name: "master.priority", wanted: "APP \(appId)", found: priority),
            ])
        case .profileSource:
            let app = observation.app
            let others = observation.otherProfileSources
            let names = others.map { $0.kind == .identityProvider ? strings.identityProvider($0.displayName) : $0.displayName }
            var facts = [(strings.sourcesCounted, others.isEmpty ? "0" : "\(others.count): " + names.joined(separator: ", "))]
            if observation.uncountedSources.contains(.identityProvider) { facts.append(("!", strings.identityProvidersUncounted)) }
            if others.isEmpty && observation.uncountedSources.isEmpty { facts.append(("!", strings.onlySourceWarning)) }
            return StepDetail(fields: [
                Field(name: "features", wanted: "PROFILE_MASTERING",
                      found: app.map { $0.isProfileSource ? "PROFILE_MASTERING" : strings.isNotProfileSource }),
            ], facts: facts)
        case .existingUsers:
            guard let sample = observation.userSample else { return StepDetail(fields: []) }
            var facts = [(strings.usersSample, strings.sample(sample.checked, sample.withNumber, sample.synced))]
            if let shares = Planner.otherUserTypes(observation), !shares.isEmpty {
                facts.append(("!", strings.otherUserTypes(shares.map { ($0.name, $0.users) }, app: observation.app?.displayName ?? "Dialpad")))
            }
            return StepDetail(fields: [], facts: facts)
        }
    }

    func rows(_ strings: Strings, theme: Theme) -> [StatusPanel.Row] {
        var rows: [StatusPanel.Row] = []
        if !fields.isEmpty {
            rows.append(.init(strings.prescribed, fields.map { "\($0.name) = \($0.wanted)" }.joined(separator: "\n")))
            rows.append(.init(strings.inOrgNow, fields.map { "\($0.name) = \($0.found ?? strings.absent)" }.joined(separator: "\n")))
            let differing = fields.filter { $0.found != $0.wanted }
            rows.append(.init(strings.difference, differing.isEmpty ? strings.noDifference : differing.map(\.name).joined(separator: ", "),
                              style: differing.isEmpty ? theme.good : theme.warning))
        }
        for (label, value) in facts {
            rows.append(.init(label, value, style: label == "!" ? theme.bad : .plain))
        }
        return rows
    }
}

extension Array where Element == StepDetail.Field {
    /// An absent attribute shows as absent once, not field by field.
    func present(if exists: Bool) -> [StepDetail.Field] {
        exists ? self : map { StepDetail.Field(name: $0.name, wanted: $0.wanted, found: nil) }
    }
}
