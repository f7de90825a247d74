// Starts govuk-frontend's components (header menu, error summary focus, character counts, etc.).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
