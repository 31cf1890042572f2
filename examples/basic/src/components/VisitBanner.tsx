import { useQuery } from "fnwire/query";
import { getVisit } from "../api/visits.server";
import { ErrorNote } from "./ErrorNote";

/** A server function that reads a cookie and a request header, and sets the cookie. */
export function VisitBanner() {
  const visit = useQuery(getVisit);
  if (visit.error) return <ErrorNote error={visit.error} />;
  if (!visit.data) return <p className="visit">Counting your visits…</p>;
  const { greeting, visits, browser } = visit.data;
  return (
    <p className="visit" data-testid="visit">
      {greeting}! This is visit <strong>{visits}</strong> from {browser}, counted in a cookie by the server.
    </p>
  );
}
