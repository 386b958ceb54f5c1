// Computes every case and prints the results as JSON: run in child processes under several TZ values.
import { compute } from "../../src/deadlines/rules.js";
import { CASES } from "./cases.js";

const out = CASES.map((c) => {
  const [ymd, time] = c.from.split("T");
  const [hour, minute] = (time ?? "").split(":").map(Number);
  return compute(c.amount, c.unit, { ymd: ymd!, ...(time ? { time: { hour: hour!, minute: minute! } } : {}) }, c.direction ?? "after").due;
});
process.stdout.write(JSON.stringify(out));
