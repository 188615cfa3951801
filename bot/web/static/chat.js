/* Programme Advisor chat page: Rasa's socket.io channel, no framework.
 *
 * Safety rule: message text (user's or bot's) is only ever put in the page with
 * textContent / createTextNode, never as HTML.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "programme-advisor.chat.v1";
  var ROUTE_KEY = "programme-advisor.route.v1";
  var MAX_STORED_MESSAGES = 200;
  var TYPING_TIMEOUT_MS = 30000;
  var URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;
  var NO_ANSWER_TEXT =
    "No answer came back from the advisor. Please try again, or rephrase your question.";
  var WELCOME_TEXT =
    "Hello! I can answer questions about our programmes: tuition fees, application " +
    "deadlines, entry requirements, course content and careers. What would you like to know?";

  var elements = {
    log: document.getElementById("message-log"),
    scroller: document.getElementById("scroller"),
    typing: document.getElementById("typing-indicator"),
    banner: document.getElementById("connection-banner"),
    status: document.getElementById("status"),
    form: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    send: document.getElementById("send-button"),
    restart: document.getElementById("restart-button"),
  };

  var state = loadState();
  var socket = null;
  var sessionReady = false;
  var everConnected = false;
  var typingTimer = null;

  // ---- storage ------------------------------------------------------------

  // The session token is the secret that lets this page (and its other tabs, which share the
  // storage) rejoin its conversation; the server never lets an id without it join.
  function emptyState() {
    return { sessionId: null, sessionToken: null, messages: [] };
  }

  function loadState() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY));
      if (stored && Array.isArray(stored.messages)) {
        return {
          sessionId: typeof stored.sessionId === "string" ? stored.sessionId : null,
          sessionToken: typeof stored.sessionToken === "string" ? stored.sessionToken : null,
          messages: stored.messages.filter(isValidMessage),
        };
      }
    } catch (error) {
      // Storage blocked (privacy settings, sandboxed iframe) or corrupt: start fresh.
    }
    return emptyState();
  }

  // A random key per browser, sent with every socket.io request: when several Rasa processes
  // share the port, the router sends all of this browser's requests to the same one.
  function routeKey() {
    var key = null;
    try {
      key = window.localStorage.getItem(ROUTE_KEY);
    } catch (error) {
      key = null;
    }
    if (typeof key === "string" && /^[0-9a-f]{32}$/.test(key)) {
      return key;
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    key = Array.prototype.map
      .call(bytes, function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      })
      .join("");
    try {
      window.localStorage.setItem(ROUTE_KEY, key);
    } catch (error) {
      // Private browsing: the key lasts as long as the page.
    }
    return key;
  }

  function saveState() {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) {
      // The conversation still works; it just won't survive a reload.
    }
  }

  function isValidMessage(message) {
    return (
      message &&
      (message.sender === "user" || message.sender === "bot") &&
      typeof message.text === "string"
    );
  }

  // ---- rendering ----------------------------------------------------------

  function safeHttpUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /* Append text to parent, turning http(s) URLs into links; everything else stays text. */
  function appendTextWithLinks(parent, text) {
    var lastIndex = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var trailing = (match.match(TRAILING_PUNCTUATION) || [""])[0];
      var candidate = match.slice(0, match.length - trailing.length);
      var href = safeHttpUrl(candidate);
      if (!href) {
        return match;
      }
      parent.appendChild(document.createTextNode(text.slice(lastIndex, offset)));
      var link = document.createElement("a");
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = candidate;
      var note = document.createElement("span");
      note.className = "visually-hidden";
      note.textContent = " (opens in a new tab)";
      link.appendChild(note);
      parent.appendChild(link);
      lastIndex = offset + candidate.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(lastIndex)));
  }

  /* A bot answer: paragraphs (one per programme) of lines; "• " lines are supporting quotes
   * from the page, shown as quotes rather than a bulleted dump. */
  function appendAnswer(parent, text) {
    text.split(/\n{2,}/).forEach(function (paragraph) {
      var section = document.createElement("div");
      section.className = "message__section";
      paragraph.split("\n").forEach(function (line) {
        var row = document.createElement("div");
        if (line.indexOf("• ") === 0) {
          row.className = "message__quote";
          line = line.slice(2);
        } else {
          row.className = "message__line";
        }
        appendTextWithLinks(row, line);
        section.appendChild(row);
      });
      parent.appendChild(section);
    });
  }

  function renderMessage(message) {
    var item = document.createElement("li");
    item.className = "message message--" + message.sender;

    var speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = message.sender === "user" ? "You said: " : "Advisor said: ";
    item.appendChild(speaker);

    var bubble = document.createElement("div");
    bubble.className = "message__bubble";
    if (message.sender === "bot") {
      appendAnswer(bubble, message.text);
    } else {
      bubble.textContent = message.text;
    }
    if (message.imageUrl) {
      // External images are not loaded (the page's CSP allows only its own), so link them.
      var href = safeHttpUrl(message.imageUrl);
      if (href) {
        var imageLink = document.createElement("a");
        imageLink.href = href;
        imageLink.target = "_blank";
        imageLink.rel = "noopener noreferrer";
        imageLink.className = "message__attachment";
        imageLink.textContent = "View image (opens in a new tab)";
        if (message.text) {
          bubble.appendChild(document.createElement("br"));
        }
        bubble.appendChild(imageLink);
      }
    }
    item.appendChild(bubble);

    if (message.buttons && message.buttons.length && !message.answered) {
      item.appendChild(renderQuickReplies(message));
    }
    elements.log.appendChild(item);
    return item;
  }

  function renderQuickReplies(message) {
    var group = document.createElement("div");
    group.className = "quick-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    message.buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "quick-replies__button";
      element.textContent = button.title;
      element.addEventListener("click", function () {
        if (!sessionReady) {
          return;
        }
        sendToBot(button.title, button.payload);
        elements.input.focus();
      });
      group.appendChild(element);
    });
    return group;
  }

  /* A note from the page itself (not the bot); shown once, not kept in the history. */
  function renderNotice(text) {
    var item = document.createElement("li");
    item.className = "message message--notice";
    item.textContent = text;
    elements.log.appendChild(item);
    scrollToEnd();
  }

  function renderWelcome() {
    var item = renderMessage({ sender: "bot", text: WELCOME_TEXT });
    item.classList.add("message--welcome");
  }

  function renderAll() {
    elements.log.textContent = "";
    renderWelcome();
    state.messages.forEach(renderMessage);
    scrollToEnd();
  }

  function scrollToEnd() {
    elements.scroller.scrollTop = elements.scroller.scrollHeight;
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    renderMessage(message);
    scrollToEnd();
  }

  /* Quick replies are only offered until the user answers; then they disappear. */
  function retireQuickReplies() {
    var changed = false;
    state.messages.forEach(function (message) {
      if (message.buttons && message.buttons.length && !message.answered) {
        message.answered = true;
        changed = true;
      }
    });
    if (changed) {
      Array.prototype.forEach.call(
        elements.log.querySelectorAll(".quick-replies"),
        function (group) {
          group.parentNode.removeChild(group);
        }
      );
    }
  }

  function announce(text) {
    elements.status.textContent = "";
    // A fresh text node after clearing makes screen readers read repeated messages too.
    window.setTimeout(function () {
      elements.status.textContent = text;
    }, 50);
  }

  function showTyping(visible) {
    window.clearTimeout(typingTimer);
    elements.typing.hidden = !visible;
    if (visible) {
      scrollToEnd();
      typingTimer = window.setTimeout(function () {
        elements.typing.hidden = true;
        renderNotice(NO_ANSWER_TEXT);
      }, TYPING_TIMEOUT_MS);
    }
  }

  function showBanner(text) {
    if (text) {
      elements.banner.textContent = text;
      elements.banner.hidden = false;
    } else {
      elements.banner.hidden = true;
      elements.banner.textContent = "";
    }
  }

  function setReady(ready) {
    sessionReady = ready;
    elements.send.disabled = !ready;
    elements.form.setAttribute("aria-busy", ready ? "false" : "true");
    Array.prototype.forEach.call(
      elements.log.querySelectorAll(".quick-replies__button"),
      function (button) {
        button.disabled = !ready;
      }
    );
  }

  // ---- conversation -------------------------------------------------------

  function sendToBot(displayText, payload) {
    retireQuickReplies();
    addMessage({ sender: "user", text: displayText });
    socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    showTyping(true);
  }

  function receiveFromBot(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    var text = typeof data.text === "string" ? data.text : "";
    var rawButtons = Array.isArray(data.quick_replies)
      ? data.quick_replies
      : Array.isArray(data.buttons)
        ? data.buttons
        : [];
    var buttons = rawButtons
      .filter(function (button) {
        return button && typeof button.title === "string" && typeof button.payload === "string";
      })
      .map(function (button) {
        return { title: button.title, payload: button.payload };
      });
    var imageUrl = null;
    if (data.attachment && data.attachment.type === "image" && data.attachment.payload) {
      imageUrl = typeof data.attachment.payload.src === "string" ? data.attachment.payload.src : null;
    }
    if (!text && !buttons.length && !imageUrl) {
      return;
    }
    showTyping(false);
    var message = { sender: "bot", text: text };
    if (buttons.length) {
      message.buttons = buttons;
    }
    if (imageUrl) {
      message.imageUrl = imageUrl;
    }
    addMessage(message);
    setReady(sessionReady);
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = elements.input.value.trim();
    if (!text || !sessionReady) {
      return;
    }
    elements.input.value = "";
    sendToBot(text, text);
    elements.input.focus();
  }

  function startOver() {
    state = emptyState();
    saveState();
    renderAll();
    showTyping(false);
    if (socket && socket.connected) {
      setReady(false);
      socket.emit("session_request", { session_id: null, session_token: null });
    }
    announce("Started a new conversation.");
    elements.input.focus();
  }

  // ---- connection ---------------------------------------------------------

  function connect(config) {
    socket = window.io(config.rasaUrl, {
      path: config.socketPath || "/socket.io",
      transports: config.transports || ["polling"],
      query: { advisor_route: routeKey() },
      upgrade: config.upgrade === true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });

    socket.on("connect", function () {
      // Rasa ties replies to the session, so every (re)connection re-joins it first.
      socket.emit("session_request", {
        session_id: state.sessionId,
        session_token: state.sessionToken,
      });
    });

    // Arrives just before session_confirm: the id the server gave and its secret.
    socket.on("session_token", function (data) {
      if (data && typeof data.session_id === "string" && typeof data.session_token === "string") {
        state.sessionId = data.session_id;
        state.sessionToken = data.session_token;
        saveState();
      }
    });

    socket.on("session_confirm", function (sessionId) {
      var confirmed = typeof sessionId === "string" ? sessionId : sessionId && sessionId.session_id;
      if (confirmed && confirmed !== state.sessionId) {
        state.sessionId = confirmed;
        saveState();
      }
      var wasDown = everConnected && !elements.banner.hidden;
      everConnected = true;
      showBanner(null);
      setReady(true);
      if (wasDown) {
        announce("Connected again. You can continue the conversation.");
      }
    });

    socket.on("bot_uttered", receiveFromBot);

    socket.on("disconnect", function (reason) {
      setReady(false);
      showTyping(false);
      showBanner(
        "The connection to the advisor was lost. Reconnecting… Your conversation is kept."
      );
      if (reason === "io server disconnect") {
        socket.connect();
      }
    });

    socket.on("connect_error", function () {
      setReady(false);
      showTyping(false);
      showBanner(
        "The advisor can't be reached right now. We'll keep trying and reconnect automatically."
      );
    });
  }

  function loadConfig() {
    return window
      .fetch("config.json", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("config.json: HTTP " + response.status);
        }
        return response.json();
      });
  }

  function start() {
    renderAll();
    setReady(false);
    elements.form.addEventListener("submit", onSubmit);
    elements.restart.addEventListener("click", startOver);
    if (typeof window.io !== "function") {
      showBanner("The chat could not load. Please refresh the page or try again later.");
      return;
    }
    loadConfig()
      .then(connect)
      .catch(function () {
        showBanner("The chat could not load its settings. Please refresh the page.");
      });
  }

  start();
})();
