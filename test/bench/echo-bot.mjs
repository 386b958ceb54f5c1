/**
 * The floor for `npm run bench:http`: the smallest Bot Framework bot there is, as the SDK's own
 * samples write it (restify, CloudAdapter, an ActivityHandler that echoes the text), with no store,
 * no cards and no core. Plain JavaScript so that it starts as a production bot would, with node.
 *
 *   PORT=3978 node test/bench/echo-bot.mjs
 */
import process from "node:process";
import restify from "restify";
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
} from "botbuilder";

const credentials = new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: "", MicrosoftAppPassword: "" });
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: "", MicrosoftAppPassword: "" }, credentials));
adapter.onTurnError = async (context) => {
  await context.sendActivity("The echo bot failed.");
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text ?? ""}`));
      await next();
    });
  }
}
const bot = new EchoBot();

const server = restify.createServer({ name: "echo-bot" });
server.use(restify.plugins.bodyParser());
server.get("/healthz", (_req, res, next) => {
  res.send(200, { status: "ok" });
  return next();
});
server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 3978), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => process.exit(0)));
