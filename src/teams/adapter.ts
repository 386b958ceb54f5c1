import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
  CallerIdConstants,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
  type Activity,
  type InvokeResponse,
} from "botbuilder";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../config.js";
import { CALL_999 } from "../contract/text.js";
import type { Logger } from "../logger.js";
import { CachedClientsAuthentication } from "./authentication.js";

/**
 * CloudAdapter with its activity entry point opened up, so that the HTTP layer can validate the
 * body itself and map every authentication failure to 401 (CloudAdapter.process answers some
 * forged tokens with 500 and echoes error messages).
 */
export class BotAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The Bot Framework adapter, configured from our settings only (never from process.env directly). */
export function createAdapter(config: Config, logger: Logger): BotAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? "",
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
    ...(config.authEnabled ? { MicrosoftAppType: config.MicrosoftAppType, MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "" } : {}),
    // Naming any endpoint makes the SDK take every endpoint from settings, so name them all,
    // keeping the public cloud's values for those not overridden.
    ...(config.BOT_OPENID_METADATA
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: config.BOT_ISSUER ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  };
  // Without an app id the SDK runs unauthenticated (local development only); its SingleTenant
  // check would refuse that, so the app type is named only when there is an app to authenticate.
  const credentials = new ConfigurationServiceClientCredentialFactory(
    config.authEnabled
      ? {
          MicrosoftAppId: config.MicrosoftAppId ?? "",
          MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
          MicrosoftAppType: config.MicrosoftAppType,
          MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "",
        }
      : { MicrosoftAppId: "", MicrosoftAppPassword: "" },
  );
  // The SDK's own authentication, unchanged, with its outbound clients built once (authentication.ts).
  const adapter = new BotAdapter(new CachedClientsAuthentication(new ConfigurationBotFrameworkAuthentication(options, credentials)));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the failure by type and ids only: the error message could quote the user's text.
    logger.error(
      { err: { type: error?.name ?? "Error" }, activityType: context.activity?.type, conversation: context.activity?.conversation?.id ? "present" : "absent" },
      "turn failed",
    );
    try {
      await context.sendActivity(
        MessageFactory.text(`Sorry, something went wrong on my side and I couldn't answer. Please try again in a moment. ${CALL_999}`),
      );
    } catch {
      logger.warn("could not tell the user about the failed turn");
    }
  };
  return adapter;
}

/** The HTTP layer's view of the bot: one activity in, the invoke response (if any) out. */
export function activityProcessor(adapter: BotAdapter, logic: (context: TurnContext) => Promise<void>) {
  return (authHeader: string, activity: Record<string, unknown>, turnStarted: () => void) =>
    adapter.run(authHeader, activity as unknown as Activity, async (context) => {
      turnStarted();
      await logic(context);
    });
}
