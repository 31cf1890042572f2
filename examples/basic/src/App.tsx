import { Account } from "./components/Account";
import { ContactForm } from "./components/ContactForm";
import { Newsletter } from "./components/Newsletter";
import { Records } from "./components/Records";
import { Summary } from "./components/Summary";
import { VisitBanner } from "./components/VisitBanner";

export function App() {
  return (
    <main>
      <header>
        <h1>fnwire example</h1>
        <p className="lead">
          Every button below calls a server function: one of a <code>"use server"</code> module in <code>src/api/</code>, or, for Rename,
          one written inside its component. The browser only gets small stubs; the functions run on the server.
        </p>
        <VisitBanner />
      </header>
      <Account />
      <Records />
      <Summary />
      <ContactForm />
      <Newsletter />
    </main>
  );
}
