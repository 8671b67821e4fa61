#!/usr/bin/env node
import { main } from './main.js'

// Exit explicitly: after a shutdown or a one-shot command, handles the app left open (database
// pools, timers) must not keep the process alive.
process.exit(await main(process.argv.slice(2)))
