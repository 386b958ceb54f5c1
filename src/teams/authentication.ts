import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  UserTokenClient,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
} from "botframework-connector";
import type { Activity, SignInUrlResponse, TokenExchangeRequest, TokenResponse, TokenStatus } from "botbuilder";

/**
 * The SDK's authentication with its outbound clients built once instead of on every turn.
 *
 * Out of the box, CloudAdapter builds a new ConnectorClient (credentials, an azure-core request
 * pipeline) and a new UserTokenClient for every activity, though a connector client depends only on
 * the bot's app id, the service URL and the audience, and this bot never signs users in. This
 * wrapper keeps every check of the wrapped authentication (it validates each request exactly as
 * before: a forged or missing token still fails) and changes only what is built afterwards:
 *
 * - connector clients are cached per app id, service URL and audience (a bounded LRU), for turns
 *   and for proactive sends alike;
 * - the UserTokenClient is built on first use only, once per app id.
 */
export class CachedClientsAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, UserTokenClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly maxClients = 256,
  ) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.cachedFactory(result.claimsIdentity, result.connectorFactory) } : result;
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.cachedFactory(result.claimsIdentity, result.connectorFactory) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachedFactory(claimsIdentity, this.inner.createConnectorFactory(claimsIdentity));
  }

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    let client = this.tokenClients.get(appId);
    if (!client) {
      client = new LazyUserTokenClient(() => this.inner.createUserTokenClient(claimsIdentity));
      this.tokenClients.set(appId, client);
    }
    return client;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /** How many connector clients are cached (for tests). */
  get cachedClients(): number {
    return this.clients.size;
  }

  private cachedFactory(claimsIdentity: ClaimsIdentity, inner: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return self.client(`${appId}\n${serviceUrl}\n${audience ?? ""}`, () => inner.create(serviceUrl, audience));
      }
    })();
  }

  private client(key: string, build: () => Promise<ConnectorClient>): Promise<ConnectorClient> {
    const hit = this.clients.get(key);
    if (hit) {
      // Least recently used goes first: move the hit to the end.
      this.clients.delete(key);
      this.clients.set(key, hit);
      return hit;
    }
    const made = build();
    // A failure is not kept: the next turn tries again.
    made.catch(() => this.clients.get(key) === made && this.clients.delete(key));
    this.clients.set(key, made);
    if (this.clients.size > this.maxClients) this.clients.delete(this.clients.keys().next().value!);
    return made;
  }
}

/** The app id the SDK builds outbound clients for: the audience claim (channel), else the app id claim (emulator). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? "";
}

/** A UserTokenClient that builds the SDK's own the first time it is called (this bot never calls it). */
class LazyUserTokenClient extends UserTokenClient {
  private real: Promise<UserTokenClient> | undefined;

  constructor(private readonly build: () => Promise<UserTokenClient>) {
    super();
  }

  private client(): Promise<UserTokenClient> {
    this.real ??= this.build();
    this.real.catch(() => (this.real = undefined));
    return this.real;
  }

  async getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string): Promise<TokenResponse> {
    return (await this.client()).getUserToken(userId, connectionName, channelId, magicCode);
  }
  async getSignInResource(connectionName: string, activity: Activity, finalRedirect: string): Promise<SignInUrlResponse> {
    return (await this.client()).getSignInResource(connectionName, activity, finalRedirect);
  }
  async signOutUser(userId: string, connectionName: string, channelId: string): Promise<void> {
    return (await this.client()).signOutUser(userId, connectionName, channelId);
  }
  async getTokenStatus(userId: string, channelId: string, includeFilter: string): Promise<TokenStatus[]> {
    return (await this.client()).getTokenStatus(userId, channelId, includeFilter);
  }
  async getAadTokens(userId: string, connectionName: string, resourceUrls: string[], channelId: string): Promise<Record<string, TokenResponse>> {
    return (await this.client()).getAadTokens(userId, connectionName, resourceUrls, channelId);
  }
  async exchangeToken(userId: string, connectionName: string, channelId: string, exchangeRequest: TokenExchangeRequest): Promise<TokenResponse> {
    return (await this.client()).exchangeToken(userId, connectionName, channelId, exchangeRequest);
  }
}
