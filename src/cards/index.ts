export { renderCard, renderReply, type AdaptiveCard, type RenderOptions } from "./render.js";
export { plainText } from "./view.js";
export { withFeedbackRecorded } from "./feedback.js";
