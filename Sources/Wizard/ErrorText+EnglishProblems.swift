import Foundation
import OktaClient

/// The English of every `OktaError`, worded from its problem and its other typed parts (the
/// request, Okta's status and code), as `ErrorText+Japanese.swift` words the same problems in
/// Japanese. Okta's own summary is never the wording: `ErrorReport.oktaSays` quotes it, labelled,
/// when it says more than its code (`OktaError.summaryBeyondCode`).
extension Strings {
    /// Where a refused org URL came from (a flag, a variable, a file), for every language to name.
    static func orgURLSource(_ problem: OktaError.Problem) -> String? {
        switch problem {
        case .orgURLMissing(let source), .orgURLPlaceholder(_, let source), .orgURLWithoutScheme(_, let source), .orgURLSchemeTwice(_, let source),
             .orgURLUnparsable(_, let source), .orgURLUnsupportedScheme(_, let source), .orgURLPlainHTTP(_, let source),
             .orgURLAdminConsole(_, _, let source), .orgURLRepeatedCom(_, let source), .orgURLUserInfo(let source),
             .orgURLWithPath(_, _, let source), .orgURLPortOutOfRange(_, let source):
            source
        default:
            nil
        }
    }

    /// What failed and what the admin can do about it. The switch is exhaustive: a new
    /// problem does not build until it has its English.
    func english(_ problem: OktaError.Problem, in error: OktaError) -> (line: String, hint: String?) {
        let request = [error.method, error.path].compactMap { $0 }.joined(separator: " ")
        let status = error.httpStatus.map { "HTTP \($0)" }
        func from(_ source: String?) -> String { source.map { " (from \($0))" } ?? "" }
        func skew(_ seconds: Int?) -> String {
            seconds.map { " This machine's clock is \(abs($0)) s \($0 > 0 ? "ahead of" : "behind") Okta's." } ?? ""
        }
        let network = "Check the org URL and this machine's network access to it."
        let noBypass = "Verification cannot be turned off."
        let grantScopes = "Grant them to the service app in Applications > the app > Okta API Scopes, or request fewer with --scopes."
        let writeURL = "Write it as https://YOUR-ORG.okta.com."
        let duration = RunDeadline.words(seconds:)
        switch problem {
        case .orgURLMissing(let source):
            return ("No Okta org URL was given." + from(source),
                    "Pass --org https://YOUR-ORG.okta.com, set OKTA_CLIENT_ORGURL, or add okta.client.orgUrl to ~/.okta/okta.yaml.")
        case .orgURLPlaceholder(let url, let source):
            return ("The org URL \"\(url)\" still has the {yourOktaDomain} placeholder." + from(source), "Replace it with your org's domain, for example https://acme.okta.com.")
        case .orgURLWithoutScheme(let url, let source):
            return ("The org URL \"\(url)\" has no scheme." + from(source), "Write it as https://\(url).")
        case .orgURLSchemeTwice(let url, let source):
            return ("The org URL \"\(url)\" has \"://\" twice." + from(source), "Write it once, as https://YOUR-ORG.okta.com.")
        case .orgURLUnparsable(let text, let source):
            return ("\"\(text)\" is not a URL." + from(source), writeURL)
        case .orgURLUnsupportedScheme(let scheme, let source):
            return ("The org URL must start with https://, not \(scheme)://." + from(source), nil)
        case .orgURLPlainHTTP(let host, let source):
            return ("Plain http is refused for \(host): the token would cross the network unencrypted." + from(source), "Use https://\(host).")
        case .orgURLAdminConsole(let url, let orgHost, let source):
            return ("\(url) is the Admin Console's address, not the org URL." + from(source), "Use https://\(orgHost) (the same host without \"-admin\").")
        case .orgURLRepeatedCom(let host, let source):
            return ("The org URL's host \"\(host)\" ends in .com.com." + from(source), "Remove the repeated .com.")
        case .orgURLUserInfo(let source):
            return ("The org URL must not carry a user name or password." + from(source), nil)
        case .orgURLWithPath(let url, let suggestion, let source):
            return ("The org URL must be just the org's address, without a path (\(url))." + from(source), "Use \(suggestion).")
        case .orgURLPortOutOfRange(let port, let source):
            return ("The org URL's port \(port) is out of range." + from(source), nil)
        case .tokenEmpty(let source):
            return ("The API token from \(source) is empty.", "Set OKTA_CLIENT_TOKEN, or okta.client.token in ~/.okta/okta.yaml.")
        case .tokenWithScheme(let source, let scheme):
            return ("The API token from \(source) starts with \"\(scheme) \": give the token alone.", nil)
        case .tokenWithWhitespace(let source):
            return ("The API token from \(source) contains whitespace inside it; it was probably cut or joined when copied.", nil)
        case .tokenWithForeignCharacters(let source):
            return ("The API token from \(source) contains characters an Okta token never has.", nil)
        case .credentialForOtherOrg(let credentialSource, let credentialOrg, let org, let orgSource):
            return ("The credential from \(credentialSource) is configured for \(credentialOrg), but the org URL \(org) comes from \(orgSource); dialpad-okta sends a credential only to the org it was configured with.",
                    "Fix or remove \(orgSource), or pass --org \(credentialOrg).")
        case .credentialWithoutOrg(let credentialSource, let org, let orgSource):
            return ("The credential from \(credentialSource) names no org, and the org URL \(org) comes from \(orgSource); dialpad-okta sends a credential only to the org configured beside it.",
                    "Set the org where the credential is (OKTA_CLIENT_ORGURL, or orgUrl in the same okta.yaml), or pass --org.")
        case .timeout(let host):
            return ("\(host) did not answer in time (\(request)).", network)
        case .slowAnswer(let host, let bytes, let after, let deadlinePassed):
            return (deadlinePassed
                        ? "\(host) did not finish its answer to \(request) within \(after) (\(bytes) bytes arrived)."
                        : "\(host) sends its answer to \(request) too slowly (\(bytes) bytes in \(after)); stopped waiting.",
                    "Check the network path to the org (a proxy in between?), then run the command again.")
        case .unknownHost(let host):
            return ("The host \(host) does not exist (DNS lookup failed).", "Check the spelling of the org URL, for example https://acme.okta.com.")
        case .certificateForOtherHost(let host):
            return ("The certificate of \(host) is for another host name: this is not \(host), or a proxy answers in its place. Refused.",
                    "Check the org URL. " + noBypass)
        case .untrustedCertificate(let host):
            return ("The certificate of \(host) is not trusted (no certificate authority this machine trusts signed it). Refused.",
                    "If a proxy inspects TLS or the org uses a private CA, pass --ca-file PEM or set SSL_CERT_FILE to that CA. " + noBypass)
        case .tlsFailed(let host, let detail):
            return ("The TLS connection to \(host) failed: \(detail)", "Check that the org URL is Okta's HTTPS address.")
        case .connectionRefused(let host):
            return ("\(host) refused the connection.", network)
        case .connectionClosed(let host):
            return ("\(host) closed the connection before answering (\(request)).", network)
        case .unreachable(let host, let detail):
            return ("Could not reach \(host): \(detail)", network)
        case .missingScope(let scope):
            return ("The access token lacks the scope \(scope) needed for \(request)",
                    "Grant \(scope) to the service app (Admin Console: Applications > the app > Okta API Scopes > Grant), and request it (--scopes, if you set the scopes yourself).")
        case .caFileUnreadable(let path, let source):
            return ("The CA file \(path) (from \(source)) does not exist or cannot be read.", "Give the path of a PEM file holding the certificate authority to trust.")
        case .caFileWithoutCertificate(let path, let source):
            return ("The CA file \(path) (from \(source)) holds no PEM certificate.", "It must contain -----BEGIN CERTIFICATE----- blocks.")
        case .readOnlyWrite(let method, let path):
            return ("Refused \(method) \(path): this run is read-only and never writes to Okta.", nil)
        case .assertionExpired(let clockSkew):
            return ("Okta refused the client assertion as expired or not yet valid." + skew(clockSkew),
                    "The assertion lives 5 minutes from this machine's clock. Synchronise the clock (NTP: timedatectl set-ntp true) and run again.")
        case .assertionRejected(let clientId, let clientIdSource, let keySource, let keyId, let clockSkew):
            return ("Okta refused the client assertion for service app \(clientId) (from \(clientIdSource))." + skew(clockSkew),
                    "Check that the client id is the service app's, that its public key (Applications > the app > General > Public Keys) is the pair of the private key from \(keySource)\(keyId.map { ", and that its key id is \($0)" } ?? ""), and that client authentication is Public key / Private key.")
        case .scopesRejected(let scopes):
            return ("Okta refused the requested scopes (\(scopes.joined(separator: " "))).", grantScopes)
        case .scopesNotGranted(let scopes, let clientId):
            return ("Okta issued a token without the scopes \(scopes.joined(separator: " ")) for service app \(clientId).", grantScopes)
        case .dpopProofRejected(let clockSkew):
            return ("Okta refused the DPoP proof." + skew(clockSkew),
                    "DPoP proofs carry this machine's time: check its clock. If the app does not use DPoP, run with --no-dpop.")
        case .dpopNonceRepeated:
            return ("Okta asked for a DPoP nonce again after it was given.", "Run again; if it repeats, a proxy may be stripping the DPoP-Nonce header.")
        case .clientCredentialsNotAllowed(let clientId, let clientIdSource):
            return ("Service app \(clientId) (from \(clientIdSource)) may not use the client credentials grant.",
                    "Create an API Services app (Applications > Create App Integration > API Services); other app types cannot get Okta API tokens this way.")
        case .dpopRequired(let clientId, let clientIdSource):
            return ("Okta requires DPoP for service app \(clientId) (from \(clientIdSource)).",
                    "Run without --no-dpop, or clear Require Demonstrating Proof of Possession (DPoP) on the app.")
        case .tokenRequestRefused(let clientId, let clientIdSource, let status):
            return ("Okta's token endpoint refused service app \(clientId) (from \(clientIdSource)) with HTTP \(status)\(error.errorCode.map { " \($0)" } ?? "").",
                    "Check the org URL, the client id and the app's client authentication (Public key / Private key).")
        case .tokenWithoutAccessToken:
            return ("Okta's token endpoint answered without an access token.", nil)
        case .dpopBoundTokenWithoutProof:
            return ("Okta issued a DPoP-bound token although no DPoP proof was sent.", nil)
        case .unusableTokenType(let type):
            return ("Okta issued a token of type \(type), which dialpad-okta cannot use.", nil)
        case .requestDPoPProofRejected(let challenge):
            return ("Okta refused the DPoP proof of \(request)\(challenge.map { ": \($0)" } ?? "")",
                    "DPoP proofs carry this machine's time: check its clock (timedatectl set-ntp true).")
        case .serviceAppTokenRefused(let challenge):
            return ("Okta refused the service app's access token for \(request) even after a new one was fetched\(challenge.map { " (\($0))" } ?? "")",
                    "Check that the service app is active and has an admin role (Applications > the app > Admin roles).")
        case .serviceAppRoleTooWeak:
            return ("Okta refused \(request.isEmpty ? "the request" : request) (\(status ?? "HTTP 403"))",
                    "The service app's admin role does not allow this. Assign it a role such as Super Administrator, or Org Administrator with schema rights (Applications > the app > Admin roles).")
        case .pagingLoop(let path):
            return ("Okta sent the same next-page link twice while listing \(path); stopped instead of reading in a loop.", nil)
        case .pagingTooLong(let path, let pages):
            return ("Listing \(path.isEmpty ? "a collection" : path) went past \(pages) pages; stopped.", nil)
        case .waitPastDeadline(let wait, let deadline, let elapsed):
            return ("Okta's rate limit asks to wait \(duration(wait)) before \(request), which would pass this run's deadline of \(duration(deadline)) (\(duration(elapsed)) gone); stopped instead of waiting.",
                    "Another integration may be using this org's API quota. Run again later, or give the run more time with --deadline (e.g. --deadline 2h).")
        case .deadlineBeforeWrite(let deadline, let elapsed):
            return ("This run's deadline of \(duration(deadline)) passed (\(duration(elapsed)) gone) before its next write; nothing more was sent. What was written is in the journal.",
                    "Carry on with dialpad-okta resume, with more time if needed (--deadline 2h).")
        case .deadlineDuringRead(let deadline, let elapsed):
            return ("This run's deadline of \(duration(deadline)) passed (\(duration(elapsed)) gone) while it read the org (\(request)); stopped. Nothing was written after the deadline.",
                    "Run again with more time (--deadline 2h); after an apply, dialpad-okta resume carries on from the journal.")
        case .stoppedBeforeWrite:
            return ("Stopped at Ctrl-C once the write under way was answered and journalled; nothing more was sent.", "Carry on with dialpad-okta resume.")
        case .noUserWithLogin(let login):
            return ("No Okta user has the login or id \(login).",
                    "Check the login as the Admin Console shows it (Directory > People), or give the user's id. dialpad-okta verify lists the users assigned to Dialpad.")
        case .mappingsAPIUnavailable:
            return ("This org's Okta edition has no profile mapping API: Okta answered \(request) with E0000015 (\(status ?? "HTTP 401")). The credentials are fine.",
                    "Do the mapping in the Admin Console instead: Directory > Profile Editor > the Dialpad app's user profile > Mappings > Dialpad to Okta User: map appuser.dialpadPhone to user.dialpadPhone, Save Mappings, then Apply updates now. Okta Support can turn the Mappings API on for the org.")
        case .featureUnavailable:
            return ("This org's Okta edition does not have the feature behind \(request): Okta answered E0000015 (\(status ?? "HTTP 401")). The credentials are fine.",
                    "Ask Okta Support whether the org's edition can have it, or do this step in the Admin Console.")
        case .attributeCleanupPending(let attribute, let waited, let deadlineReached):
            return ("Okta still cleans up a deleted attribute named \(attribute) and refused to add it again; the same write was sent again for \(duration(waited)) and still refused."
                        + (deadlineReached ? " Waiting longer would pass this run's deadline, so it stopped." : "") + " Nothing was written.",
                    "Okta ends the clean-up on its own, usually within minutes: carry on later with dialpad-okta resume"
                        + (deadlineReached ? " (give it more time with --deadline if needed)." : "."))
        case .tokenMissing(let org):
            return ("No API token was given for \(org).", "Set OKTA_CLIENT_TOKEN, add okta.client.token to ~/.okta/okta.yaml, or run interactively to be prompted.")
        case .authorizationModeUnsupported(let mode, let source):
            return ("The authorization mode \"\(mode)\" (from \(source)) is not one dialpad-okta supports.", "Use SSWS (an API token) or PrivateKey (an OAuth 2.0 service app).")
        case .clientIdMissing(let chosenBy):
            return ("The service app's client id is missing (OAuth was chosen by \(chosenBy)).",
                    "Pass --client-id 0oa…, set OKTA_CLIENT_CLIENTID, or add okta.client.clientId to okta.yaml. It is on the app's General tab in the Admin Console.")
        case .privateKeyMissing(let chosenBy):
            return ("The service app's private key is missing (OAuth was chosen by \(chosenBy)).",
                    "Pass --private-key FILE, set OKTA_CLIENT_PRIVATEKEY (PEM, JWK or a file path), or add okta.client.privateKey to okta.yaml.")
        case .settingsFileUnreadable(let file):
            return ("\(file) exists but cannot be read.", "Check its permissions (it should be readable by you only: chmod 600).")
        case .settingsFileNotYAML(let file):
            return ("\(file) is not valid YAML.", "Compare it with Assets/okta.yaml.sample.")
        case .settingsFileLayout(let file):
            return ("\(file) does not have the okta: client: layout.", "Compare it with Assets/okta.yaml.sample.")
        case .settingWrongType(let key, let file, let expected):
            switch expected {
            case .string: return ("\(key) in \(file) must be a string.", nil)
            case .scopeList: return ("\(key) in \(file) must be a list of scopes.", nil)
            case .jwk: return ("\(key) in \(file) is not a JWK.", nil)
            case .boolean: return ("\(key) in \(file) must be true or false.", nil)
            }
        case .privateKeyRefused(let source, let fault):
            return english(fault, source: source)
        case .credential(let problem):
            return english(problem)
        case .redirected(let target):
            return ("\(request) was answered with a redirect to \(target); redirects are never followed, so the credentials go to the org only.",
                    "Okta's API does not redirect: check that the org URL is the org's own address (https://YOUR-ORG.okta.com), not a vanity or proxy URL.")
        case .credentialsRejected:
            return ("Okta rejected the credentials (\(status ?? "HTTP 401"))",
                    "The API token is wrong, expired or revoked. Create one under Security > API > Tokens in the Admin Console, and check that it belongs to this org.")
        case .forbidden:
            return ("Okta refused \(request.isEmpty ? "the request" : request) (\(status ?? "HTTP 403"))",
                    "The token's admin has too weak a role. Use a Super Administrator's token, or an admin with Org or App Administrator rights.")
        case .notFound:
            return ("Not found: \(request) (\(status ?? "HTTP 404"))", "Check the org URL and the app id.")
        case .rateLimitExhausted:
            return ("Okta's rate limit stayed exhausted after several waits (\(status ?? "HTTP 429"))",
                    "Another integration may be using this org's API quota. Wait a minute and run again.")
        case .notAnOktaAnswer(let status, let body):
            // Only the body's kind: its text is a gateway's or proxy's, never shown.
            return ("\(request) got HTTP \(status) with a body that is not an Okta error: \(english(body)), most likely from a gateway or proxy in front of Okta (its text is not shown).",
                    (500..<600).contains(status) ? Self.passingServerFailure
                        : "A proxy or gateway may be between this machine and Okta. Check the org URL.")
        case .refused(409):
            return ("Okta refused \(request): it conflicts with the org as it is now (HTTP 409).", "The org changed meanwhile: read it again, then apply again.")
        case .refused(let status) where (500..<600).contains(status):
            return (error.wellKnownCode == .internalError
                        ? "Okta had an internal error answering \(request) (HTTP \(status))."
                        : "Okta answered \(request) with a server error (HTTP \(status)).", Self.passingServerFailure)
        case .refused(let status):
            switch error.wellKnownCode {
            case .validationFailed?: return ("Okta refused \(request): it did not pass Okta's validation (HTTP \(status)).", nil)
            case .malformedRequest?: return ("Okta refused \(request): Okta could not read its body (HTTP \(status)).", nil)
            default: return ("Okta refused \(request) (HTTP \(status)).", nil)
            }
        case .answerTooLarge(let megabytes):
            return ("Okta's answer to \(request) is larger than \(megabytes) MB; refusing to read it.", nil)
        case .undecodableAnswer(true, _):
            return ("\(request) returned an HTML page instead of Okta's JSON.", "A proxy or captive portal may be answering instead of Okta. Check the org URL.")
        case .undecodableAnswer(false, let where_):
            return ("\(request) returned a body that is not the JSON Okta documents (\(where_)).", nil)
        case .noUserTypes:
            return ("Okta listed no user type at GET /api/v1/meta/types/user.", nil)
        case .foreignHost(let host, let org):
            return ("Refused to send the credentials to \(host.isEmpty ? "an unknown host" : host): only \(org) may receive them.", nil)
        case .nextLinkWithCredential:
            return ("Okta sent a next-page link of \(error.path ?? "a listing") that carries this run's credential; refusing to follow it.", nil)
        case .nextLinkNotAURL:
            return ("Okta sent a next-page link that is not a URL.", nil)
        case .nextLinkToOtherHost(let host, let org):
            return ("The next-page link of \(error.path ?? "a listing") points to \(host.isEmpty ? "another host" : host), not to \(org); refusing to follow it with the credentials.", nil)
        }
    }

    /// What came instead of Okta's error, by kind.
    private func english(_ body: OktaError.ForeignBody) -> String {
        switch body {
        case .webPage: "a web page (HTML)"
        case .plainText: "plain text"
        case .otherJSON: "JSON that is not Okta's error"
        case .empty: "an empty body"
        case .other: "a body of another kind"
        }
    }

    /// A 5xx is the org, or a proxy in front of it, failing for now: the URL is right (it answered).
    static let passingServerFailure = "The org, or a proxy in front of it, is failing for now; the org URL answered, so no setting is wrong. Wait a minute and run again."

    private func english(_ fault: OktaError.KeyFault, source: String) -> (line: String, hint: String?) {
        let pair = "Use the private key of the key pair Okta generated."
        switch fault {
        case .neitherPEMNorJWK:
            return ("The private key from \(source) is neither a PEM nor a JWK.",
                    "Give the private key of the service app as a PEM file (a BEGIN PRIVATE KEY block) or as the JWK JSON the Admin Console generated.")
        case .publicKey:
            return ("The key from \(source) is a public key; the private key is needed to sign the client assertion.",
                    "The public key belongs in the Admin Console; give dialpad-okta the private half.")
        case .encrypted:
            return ("The private key from \(source) is encrypted with a passphrase.",
                    "Export it without a passphrase (openssl pkey -in key.pem -out plain.pem) and keep the file readable by you only.")
        case .rsaTooShort:
            return ("The RSA key from \(source) is shorter than 2048 bits.", "Okta requires RSA keys of at least 2048 bits. Generate a new key pair.")
        case .unsupportedPEM:
            return ("The private key from \(source) is not an RSA or P-256 private key dialpad-okta can read.", "Use an RSA (2048 bits or more) or EC P-256 key in PEM or JWK form.")
        case .jsonNotJWK:
            return ("The private key from \(source) looks like JSON but is not a JWK object.", pair)
        case .jwkSetWithSeveralKeys(let count):
            return ("The JWK set from \(source) holds \(count) keys; give the one private key to sign with.", nil)
        case .jwkMemberMissing(let name):
            return ("The JWK from \(source) has no usable \"\(name)\" member\(name == "d" ? ": it is a public key, and the private key is needed" : "").", pair)
        case .rsaJWKInconsistent:
            return ("The RSA JWK from \(source) is not a consistent private key of 2048 bits or more.", pair)
        case .ecCurveUnsupported(let curve):
            return ("The EC JWK from \(source) uses curve \(curve); dialpad-okta signs with P-256 (ES256) only.", nil)
        case .ecScalarInvalid:
            return ("The EC JWK from \(source) has an invalid private scalar.", pair)
        case .ecInconsistent:
            return ("The EC JWK from \(source) is inconsistent: its x does not belong to its d.", pair)
        case .jwkKeyTypeUnsupported(let kty):
            return ("The JWK from \(source) has kty \(kty); RSA and EC are supported.", nil)
        }
    }

    /// A credential's configuration refused: where the value comes from, never the value.
    private func english(_ problem: OktaError.CredentialProblem) -> (line: String, hint: String?) {
        let permissions = "Check the path and its permissions."
        switch problem {
        case .privateKeyFileMissing(let source):
            return ("The private key file named by \(source) does not exist.", "Give the path of the PEM or JWK file that holds the service app's private key.")
        case .privateKeyFileUnreadable(let source):
            return ("The private key file named by \(source) cannot be read.", "Check its permissions (readable by you only: chmod 600).")
        case .orgsFileUnreadable(let path):
            return ("The orgs file \(path) cannot be read.", permissions)
        case .orgsFileWritableByOthers(let path, let mode):
            return ("The orgs file \(path) can be changed by other users (mode \(String(mode, radix: 8))): it decides where credentials go, so it is not read.",
                    "chmod 600 \(path), check what it says, then run again.")
        case .orgsFileOwnedByAnotherUser(let path, let owner):
            return ("The orgs file \(path) belongs to another user (uid \(owner)): it decides where credentials go, so only your own file is read.",
                    "Copy it to a file of your own and check what it says.")
        case .orgsFileNotYAML(let path):
            return ("The orgs file \(path) is not valid YAML.", nil)
        case .orgsFileInvalid(let path):
            return ("The orgs file \(path) has no list under orgs:.", "Each item: orgUrl, then token: ${VARIABLE} or clientId and privateKey: a key file.")
        case .orgsVariableShared(let variable, let orgs):
            return ("The orgs file names the variable \(variable) for \(orgs.count) orgs (\(orgs.joined(separator: ", "))); each org needs a variable of its own.",
                    "One token belongs to one org: give each org its own variable.")
        case .orgsTokenNotAVariable(let org):
            return ("\(org) has its token written in the file, or not as a ${VARIABLE} reference.",
                    "Write token: ${VARIABLE} (upper-case letters, digits and _) and put the token in that environment variable: the file never holds a secret.")
        case .orgsVariableUnset(let org, let variable):
            return ("\(org): the environment variable \(variable) its token refers to is not set.", "Set it to the org's API token, then run again.")
        case .orgsKeyInFile(let org):
            return ("\(org) has its private key written in the file.", "Write privateKey: and the path of the key file (chmod 600): the file never holds a secret.")
        case .orgsEntryNotAMapping(let org):
            return ("\(org) is not a mapping of orgUrl and its credential.", nil)
        case .orgsEntryWithoutOrgURL(let org):
            return ("\(org) has no orgUrl.", nil)
        case .orgsEntryIncomplete(let org):
            return ("\(org) uses PrivateKey without clientId and privateKey (a key file).", nil)
        case .orgsModeUnsupported(let org):
            return ("\(org): the authorization mode is not one dialpad-okta supports (SSWS or PrivateKey).",
                    "Write token: ${VARIABLE}, or clientId and privateKey (the path of a key file).")
        case .orgsCustomDomain(let org, let host):
            return ("\(org) is not on one of Okta's domains (\(OrgsFile.oktaDomains.joined(separator: ", "))); its credential is not sent there.",
                    "If \(host) is your org's custom domain, add customDomain: true to its entry.")
        }
    }
}
