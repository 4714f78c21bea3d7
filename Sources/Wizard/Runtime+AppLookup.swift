import OktaClient
import SetupEngine

extension WizardEngine {
    /// Connecting with an app id the org has no app for (`--app-id` mistyped, or the app
    /// deleted): the id is forgotten, so Connect again never fails on it again, and the apps
    /// that look like Dialpad are offered instead. Nil: another error, said as it is.
    func offerAppsInstead(of error: any Error, client: OktaClient) async -> WizardEvent? {
        guard let lookup = error as? AppLookupError else { return nil }
        // An id of an app that is not Dialpad's: the id is forgotten as a missing one is.
        if case .notDialpadApp(let app, let candidates) = lookup.reason {
            appId = nil
            return .notDialpadApp(app, candidates: candidates)
        }
        guard case .noAppWithId(let missing) = lookup.reason else { return nil }
        appId = nil
        let desired = DesiredConfiguration()
        guard let found = try? await client.searchApps(q: desired.appLabel) else { return nil }
        return .noAppWithId(missing, candidates: found.filter(desired.looksLikeDialpad))
    }
}
