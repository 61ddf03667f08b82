import { mount } from './shared';
import App from './ListApp.vue';

mount(App);
